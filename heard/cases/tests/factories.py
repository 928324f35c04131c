"""Factories for the case record, named by the state they build."""

import datetime

import factory

from heard.accounts.models import Role, User
from heard.cases.models import (
    Case,
    Customer,
    Escalation,
    Investigation,
    Kind,
    Learning,
    LearningKind,
    OmbudsmanReferral,
    Outcome,
    ProblemCategory,
    ServiceArea,
    Status,
    Team,
    Theme,
)

PASSWORD = "correct-horse-battery"  # every user the factories make


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("name",)

    name = "Children's Social Care"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)


class ProblemCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemCategory
        django_get_or_create = ("name",)

    name = "Service standards"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = "EHC plans"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    role = Role.COMPLAINTS_OFFICER
    password = factory.django.Password(PASSWORD)


class ComplaintsOfficerFactory(UserFactory):
    role = Role.COMPLAINTS_OFFICER


class InvestigatingManagerFactory(UserFactory):
    role = Role.INVESTIGATING_MANAGER
    team = factory.SubFactory(TeamFactory)


class SeniorManagerFactory(UserFactory):
    role = Role.SENIOR_MANAGER


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    customer_ref = factory.Sequence(lambda n: f"C{n:06d}")
    name = factory.Sequence(lambda n: f"Alex Parent{n}")
    email = factory.LazyAttribute(lambda c: f"{c.customer_ref.lower()}@example.com")


class CaseFactory(factory.django.DjangoModelFactory):
    """An open complaint under the statutory procedure, received on a fixed Monday."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"CS-2025-{n + 1:05d}")
    kind = Kind.COMPLAINT
    received_on = datetime.date(2025, 6, 2)
    channel = "email"
    service_area = factory.SubFactory(ServiceAreaFactory)
    team = factory.SubFactory(TeamFactory)
    summary = "Not told about the change of social worker"
    customer = factory.SubFactory(CustomerFactory)
    procedure = "statutory"
    status = Status.OPEN


class CorporateComplaintFactory(CaseFactory):
    procedure = "corporate"


class ComplimentFactory(CaseFactory):
    kind = Kind.COMPLIMENT
    procedure = ""
    summary = "Thank you to the fostering team"


class CommentFactory(CaseFactory):
    kind = Kind.COMMENT
    procedure = ""


class OpenInvestigationFactory(factory.django.DjangoModelFactory):
    """A stage 1 investigation opened the day the complaint was received, due 10 working days on."""

    class Meta:
        model = Investigation

    case = factory.SubFactory(CaseFactory)
    stage = 1
    number = 1
    team = factory.LazyAttribute(lambda i: i.case.team)
    investigator_name = "Jo Manager"
    opened_on = factory.LazyAttribute(lambda i: i.case.received_on)
    due_on = factory.LazyAttribute(lambda i: i.opened_on + datetime.timedelta(days=14))


class ClosedInvestigationFactory(OpenInvestigationFactory):
    closed_on = factory.LazyAttribute(lambda i: i.opened_on + datetime.timedelta(days=10))
    outcome = Outcome.PARTIALLY_UPHELD


class OmbudsmanReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OmbudsmanReferral

    case = factory.SubFactory(CaseFactory)
    ombudsman_reference = factory.Sequence(lambda n: f"25 {n:03d} 123")
    received_on = datetime.date(2025, 9, 1)
    response_due_on = datetime.date(2025, 9, 29)


class ActionFactory(factory.django.DjangoModelFactory):
    """An action agreed from an upheld complaint, not yet done."""

    class Meta:
        model = Learning

    case = factory.SubFactory(CaseFactory)
    kind = LearningKind.ACTION
    category = "Training"
    detail = "Remind social workers to tell families when their worker changes."
    due_on = datetime.date(2025, 7, 1)


class EscalationFactory(factory.django.DjangoModelFactory):
    """Overdue work escalated to a manager, not yet acknowledged."""

    class Meta:
        model = Escalation

    investigation = factory.SubFactory(OpenInvestigationFactory)
    case = factory.LazyAttribute(lambda e: e.investigation.case)
    key = factory.Sequence(lambda n: f"investigation:test-{n}")
    subject = "investigation"
    what = "Stage 1 response"
    due_on = factory.LazyAttribute(lambda e: e.investigation.current_due_on)
    working_days_overdue = 1
    step = 1
    to = factory.SubFactory(SeniorManagerFactory)
    to_description = "Head of service for Children's Social Care"
    reason = "The stage 1 response was due on 16 June 2025 and is 1 working day overdue."
    escalated_on = datetime.date(2025, 6, 17)
