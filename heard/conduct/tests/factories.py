import datetime

import factory

from heard.cases.tests.factories import ComplaintsOfficerFactory, CustomerFactory, SeniorManagerFactory
from heard.conduct.models import Behaviour, Decision, Designation


class ProposedDesignationFactory(factory.django.DjangoModelFactory):
    """Proposed by an officer, not yet decided. Its evidence is every case of the person."""

    class Meta:
        model = Designation
        skip_postgeneration_save = True

    customer = factory.SubFactory(CustomerFactory)
    behaviours = factory.LazyFunction(lambda: [Behaviour.EXCESSIVE_CONTACT, Behaviour.CLOSED_MATTER])
    behaviour_details = "Forty calls in March about the closed 2024 complaint"
    proposed_at = factory.LazyFunction(lambda: datetime.datetime(2025, 6, 2, 10, 0, tzinfo=datetime.UTC))
    proposed_by = factory.SubFactory(ComplaintsOfficerFactory)

    @factory.post_generation
    def evidence(self, create, extracted, **kwargs):
        if create:
            self.evidence_cases.set(self.customer.cases.all())


class InForceDesignationFactory(ProposedDesignationFactory):
    """Agreed on 9 June 2025 by a senior manager, to be reviewed by 9 December 2025."""

    decision = Decision.AGREED
    decided_on = datetime.date(2025, 6, 9)
    decided_by = factory.SubFactory(SeniorManagerFactory)
    decision_reasons = "The contact stops the team handling other complaints"
    contact_person = factory.SubFactory(ComplaintsOfficerFactory)
    channels = factory.LazyFunction(lambda: ["email"])
    contact_frequency = "One email a week"
    review_due_on = datetime.date(2025, 12, 9)
