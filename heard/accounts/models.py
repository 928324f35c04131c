from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    COMPLAINTS_OFFICER = "officer", "Complaints officer"
    INVESTIGATING_MANAGER = "manager", "Investigating manager"
    SENIOR_MANAGER = "senior", "Senior manager"
    ADMINISTRATOR = "admin", "Administrator"


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.INVESTIGATING_MANAGER)
    team = models.ForeignKey(
        "cases.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="An investigating manager sees the cases allocated to this team.",
    )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def works_on_cases(self) -> bool:
        """Everyone but administrators, who look after reference data and users (ADR 0006)."""
        return self.role in {Role.COMPLAINTS_OFFICER, Role.INVESTIGATING_MANAGER, Role.SENIOR_MANAGER}

    @property
    def reads_reports(self) -> bool:
        return self.role in {Role.COMPLAINTS_OFFICER, Role.SENIOR_MANAGER}

    @property
    def sees_every_case(self) -> bool:
        return self.role in {Role.COMPLAINTS_OFFICER, Role.SENIOR_MANAGER}

    @property
    def may_change_cases(self) -> bool:
        return self.role in {Role.COMPLAINTS_OFFICER, Role.INVESTIGATING_MANAGER}
