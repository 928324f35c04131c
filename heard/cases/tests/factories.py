"""Factories for the case record, named by the state they build."""

import datetime

import factory

from heard.accounts.models import Role, User
from heard.cases.models import (
    Case,
    Customer,
    Investigation,
    Kind,
    OmbudsmanReferral,
    Outcome,
    ProblemCategory,
    ServiceArea,
    Status,
    Team,
    Theme,
)


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
    password = factory.django.Password("correct-horse-battery")


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
    is_superuser = True


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
