"""Load demo data once: reference data, a demo user for each role, three reporting years of
synthetic cases (from the interchange generator, imported) and a few recent cases in each state."""

import datetime
import tempfile

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from heard.accounts.models import Role, User
from heard.calendar.periods import reporting_year_of
from heard.cases import services
from heard.cases.models import (
    Case,
    CasePerson,
    Consent,
    Investigation,
    Kind,
    PersonRole,
    Relationship,
    ServiceArea,
    Team,
)
from heard.interchange.generator import generate
from heard.interchange.importer import interchange_import
from heard.letters import selectors as letters
from heard.letters import services as letter_services
from heard.letters.models import CheckDecision, LetterKind, SentBy

DEMO_PASSWORD = "heard-demo-2026"
HISTORY_YEARS = 3
HISTORY_CASES_PER_YEAR = 200
DEMO_USERS = [
    ("officer", "Olu", "Officer", Role.COMPLAINTS_OFFICER, None),
    ("manager", "Mina", "Manager", Role.INVESTIGATING_MANAGER, "Looked After Children Team"),
    ("senior", "Sol", "Senior", Role.SENIOR_MANAGER, None),
    ("director", "Dee", "Director", Role.SENIOR_MANAGER, None),
    ("admin", "Ada", "Admin", Role.ADMINISTRATOR, None),
]

DEMO_RECOMMENDATIONS = [
    (
        "Record every compliment",
        "Remind staff in Children's Services to pass on every compliment for recording, so that the "
        "council knows what is working well.",
        False,
        ("complete", "Reminders went to every team in the staff bulletin each quarter."),
    ),
    (
        "Respond within the timescales",
        "Keep the days taken to close complaints a priority: remind investigating managers of the "
        "timescales and escalate overdue cases to senior managers.",
        True,
        ("in_progress", "Overdue cases now go to the head of service after five working days."),
    ),
    (
        "Quality of responses",
        "Offer complaint response templates and quality checking to every team.",
        True,
        None,
    ),
]


# What the demo's investigator writes in place of each of the template's [reminders].
DEMO_LETTER_WORDS = {
    "[Set out": "You told us that nobody let you know when Sam's social worker changed.",
    "[What the": "Sam's social worker changed on a Monday and no one told you until the following week.",
    "[upheld,": "upheld",
    "[Give the": "We should have told you about the change before it happened.",
    "[Where we": "I am sorry that we did not tell you. The team now tells families about a change of social "
    "worker within two working days, and this is checked at team meetings.",
}


def _demo_words(reminder) -> str:
    return next(
        (words for start, words in DEMO_LETTER_WORDS.items() if reminder.group(0).startswith(start)), ""
    )


class Command(BaseCommand):
    help = "Load demo data (reference data, demo users, cases) unless it is already there."

    def handle(self, *args, **options):
        services.reference_data_load()
        self._users()
        if Case.objects.exists():
            self.stdout.write("Demo data already loaded.")
            return
        self._history()
        self._cases()
        self._designations()
        self._casework()
        self._letters()
        self._people()
        self._recommendations()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {Case.objects.count()} cases."))

    def _users(self) -> None:
        for username, first, last, role, team_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                email=f"{username}@council.example",
                team=Team.objects.filter(name=team_name).first() if team_name else None,
                is_staff=role == Role.ADMINISTRATOR,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        self._chasing()

    def _chasing(self) -> None:
        """Who overdue work goes to: the senior manager heads every service area, the director is
        over them all, and the investigating manager manages their team."""
        senior, director = User.objects.get(username="senior"), User.objects.get(username="director")
        ServiceArea.objects.filter(head__isnull=True).update(head=senior)
        ServiceArea.objects.filter(director__isnull=True).update(director=director)
        manager = User.objects.get(username="manager")
        if manager.team_id is not None:
            Team.objects.filter(pk=manager.team_id, manager__isnull=True).update(manager=manager)

    def _history(self) -> None:
        """The reporting years before the current one, so that the dashboards and the annual
        report have figures to show: generated in the interchange format and imported."""
        current = reporting_year_of(timezone.localdate())
        with tempfile.TemporaryDirectory() as folder:
            generate(
                cases=HISTORY_YEARS * HISTORY_CASES_PER_YEAR,
                seed=2026,
                out=folder,
                first_year=current - HISTORY_YEARS,
                years=HISTORY_YEARS,
            )
            interchange_import(path=folder)

    @transaction.atomic
    def _casework(self) -> None:
        """The papers of the first demo complaint, now with the Ombudsman: a letter, a photo and
        meeting notes, three contacts, a neighbour involved, and the bundle produced once."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from heard.casework import demo
        from heard.casework import services as casework

        case = (
            Case.objects.filter(
                kind=Kind.COMPLAINT, summary__startswith="Demo", investigations__closed_on__isnull=False
            )
            .order_by("pk")
            .first()
        )
        if case is None:
            return
        officer = User.objects.get(username="officer")
        today = timezone.localdate()
        services.ombudsman_referral_record(
            case=case,
            received_on=today - datetime.timedelta(days=3),
            ombudsman_reference="26 004 512",
            actor=officer,
        )
        CasePerson.objects.create(
            case=case, name="Robin Neighbour", role=PersonRole.OTHER, notes="Saw the visit"
        )
        for name, content, kind, from_whom, description in demo.papers(case):
            casework.document_add(
                case=case,
                upload=SimpleUploadedFile(name, content),
                kind=kind,
                description=description,
                from_whom=from_whom,
                actor=officer,
            )
        now = timezone.now()
        for days, channel, direction, with_whom, summary in demo.CONTACTS:
            casework.contact_record(
                case=case,
                happened_at=now - datetime.timedelta(days=days),
                channel=channel,
                direction=direction,
                with_whom=with_whom,
                summary=summary,
                actor=officer,
            )
        casework.bundle_produce(
            case=case,
            redactions=casework.Redactions(names=["Robin Neighbour"], dates_of_birth=[]),
            actor=officer,
        )

    @transaction.atomic
    def _recommendations(self) -> None:
        """Recommendations made in the report before last, with progress on some, so that the last
        year's report has its progress update (section 9) and waits for its own recommendations."""
        from heard.reporting import services as reporting

        year = reporting_year_of(timezone.localdate()) - 2
        edition = reporting.edition_get_or_create(year=year)
        senior, officer = User.objects.get(username="senior"), User.objects.get(username="officer")
        due = datetime.date(year + 2, 3, 31)
        for title, text, owner, progress in DEMO_RECOMMENDATIONS:
            recommendation = reporting.recommendation_add(
                edition=edition, text=text, title=title, owner=senior if owner else officer, due_on=due
            )
            if progress:
                reporting.progress_note_add(
                    recommendation=recommendation, status=progress[0], text=progress[1], actor=officer
                )

    @transaction.atomic
    def _designations(self) -> None:
        """An unreasonable behaviour designation in force for one demo person (agreed by the senior
        manager a week ago, the letter sent, its first review due in a fortnight), and one proposed for another,
        waiting for a senior manager's decision."""
        from heard.cases.models import Customer
        from heard.conduct import services as conduct

        officer, senior = User.objects.get(username="officer"), User.objects.get(username="senior")
        today = timezone.localdate()
        persistent = Customer.objects.get(customer_ref="DEMO-001")
        proposed_on = today - datetime.timedelta(days=10)
        designation = conduct.designation_propose(
            case=persistent.cases.order_by("received_on")[0],
            behaviours=["excessive_contact", "closed_matter"],
            details="Daily phone calls and emails to several teams since the stage 1 response, most about "
            "the contact arrangements already investigated.",
            evidence_cases=list(persistent.cases.filter(received_on__lte=proposed_on)),
            actor=officer,
        )
        designation.proposed_at = timezone.now() - datetime.timedelta(
            days=10
        )  # a few days before the decision
        type(designation).objects.filter(pk=designation.pk).update(proposed_at=designation.proposed_at)
        decided = today - datetime.timedelta(days=7)
        conduct.designation_decide(
            designation=designation,
            decision="agreed",
            reasons="The contact takes most of a caseworker's week and stops others' complaints being handled.",
            today=decided,
            actor=senior,
            contact_person=officer,
            channels=["email", "letter"],
            contact_frequency="One email a week, answered within 10 working days",
            topics_closed="The contact arrangements investigated at stage 1",
            review_due_on=today + datetime.timedelta(days=14),  # a first review soon after the decision
        )
        conduct.designation_tell(designation=designation, today=decided, actor=officer)
        proposed = Customer.objects.get(customer_ref="DEMO-003")
        conduct.designation_propose(
            case=proposed.cases.order_by("received_on")[0],
            behaviours=["abusive"],
            details="Shouted at and threatened the receptionist at the family centre twice this month.",
            evidence_cases=list(proposed.cases.all()[:1]),
            actor=officer,
        )

    def _people(self) -> None:
        """People found across cases (heard.people): one person whose two online complaints gave
        their email in different letters, a likely duplicate waiting in the officers' queue, and
        two records already merged."""
        from heard.people.services import person_for, person_merge

        social_care = ServiceArea.objects.get(name="Children's Social Care")
        officer = User.objects.get(username="officer")
        today = timezone.localdate()

        def complaint(person, days_ago: int, summary: str, channel: str = "web") -> Case:
            return services.case_log(
                kind=Kind.COMPLAINT,
                received_on=today - datetime.timedelta(days=days_ago),
                service_area=social_care,
                channel=channel,
                summary=summary,
                customer=person,
                procedure="statutory",
            )

        for days_ago, email, summary in [
            (40, "Robin.Hart@example.com", "Nobody returned my calls about my son's placement"),
            (12, "robin.hart@example.com", "Still no reply about the placement review"),
        ]:
            robin = person_for(name="Robin Hart", email=email, address="7 Mill Lane\nShrewsbury\nSY1 2AB")
            complaint(robin, days_ago, summary)
        kate = person_for(
            name="Katherine Smith", email="kate.smith@example.com", address="4 Elm Road\nTelford\nTF1 4AB"
        )
        complaint(kate, 30, "The contact centre was closed when we arrived", channel="phone")
        other = person_for(
            name="Katherin Smith", email="ksmith@example.org", address="4 Elm Rd, Telford TF14AB"
        )
        complaint(other, 5, "Contact visits keep being cancelled")
        kept = person_for(name="Jordan Price", phone="07700 900456", date_of_birth=datetime.date(1985, 2, 14))
        complaint(kept, 50, "My daughter's review meeting was moved without notice", channel="email")
        gone = services.customer_for(customer_ref="OLD-1077", name="Jordan Pryce", phone="01743 250000")
        complaint(gone, 20, "No answer to my letter about the review", channel="letter")
        person_merge(kept=kept, merged=gone, actor=officer)

    @transaction.atomic
    def _cases(self) -> None:
        """A few cases in each state, logged through the same services staff use."""
        social_care = ServiceArea.objects.get(name="Children's Social Care")
        team = Team.objects.get(name="Looked After Children Team")
        manager = User.objects.get(username="manager")
        officer = User.objects.get(username="officer")
        today = timezone.localdate()
        start = today - datetime.timedelta(days=60)
        for n in range(12):
            received = start + datetime.timedelta(days=n * 4)
            kind = [Kind.COMPLAINT, Kind.COMPLAINT, Kind.COMPLIMENT, Kind.COMMENT][n % 4]
            # Who gave it, as the public form would record it: a parent complains for a child; a
            # member of the public compliments; a professional comments.
            relationship = {
                Kind.COMPLAINT: Relationship.PARENT_OR_CARER,
                Kind.COMPLIMENT: Relationship.MEMBER_OF_PUBLIC,
                Kind.COMMENT: Relationship.PROFESSIONAL,
            }[kind]
            customer = services.customer_for(
                customer_ref=f"DEMO-{n % 5:03d}",
                name=f"Demo Person {n % 5}",
                email=f"demo{n % 5}@example.com",
                address=f"{n % 5 + 1} Demo Road\nExampletown EX1 {n % 5 + 1}AA",
            )
            case = services.case_log(
                kind=kind,
                received_on=received,
                service_area=social_care,
                team=team,
                channel="email",
                summary=f"Demo {kind} {n + 1}",
                customer=customer,
                procedure=("statutory" if n % 3 else "corporate") if kind == Kind.COMPLAINT else "",
                looked_after_child=n % 2 == 0,
                relationship=relationship,
                on_behalf_of_child=kind == Kind.COMPLAINT,
                consent=Consent.GIVEN if kind == Kind.COMPLAINT else Consent.NOT_REQUIRED,
                actor=officer,
            )
            if n == 0:
                # A correction of the person's contact details, on the timeline of this case.
                services.customer_correct(
                    case=case,
                    changes={"phone": "01632 960 001", "address": "1 Demo Street\nExampleton EX1 1AA"},
                    actor=officer,
                )
            if kind != Kind.COMPLAINT:
                services.case_close(case=case, closed_on=received, actor=officer)
                continue
            services.case_acknowledge(
                case=case, acknowledged_on=received + datetime.timedelta(days=1), actor=officer
            )
            investigation = services.investigation_open(
                case=case, team=team, investigator=manager, actor=officer
            )
            if n < 8:
                services.investigation_close(
                    investigation=investigation,
                    closed_on=min(investigation.due_on, today),
                    outcome="partially_upheld",
                    findings="Communication was slow.",
                    actor=manager,
                )
                if n == 5 and case.procedure == "statutory":
                    # Not satisfied with the stage 1 response: now at stage 2.
                    services.case_escalate(
                        case=case,
                        requested_on=min(investigation.due_on, today),
                        reason="Asked for stage 2 when the response arrived.",
                        team=team,
                        investigator=manager,
                        actor=officer,
                    )

    @transaction.atomic
    def _letters(self) -> None:
        """Stage 1 responses at each step of the quality check, on the complaints still open: one
        waiting for its check, one returned with a comment, and one approved and posted."""
        manager, officer = User.objects.get(username="manager"), User.objects.get(username="officer")
        stages = Investigation.objects.filter(
            stage=1, case__kind=Kind.COMPLAINT, case__summary__startswith="Demo"
        ).select_related("case")
        # The two still open, then the last one closed (its letter answered it).
        chosen = [*stages.filter(closed_on__isnull=True).order_by("opened_on")[:2]]
        chosen += [*stages.filter(closed_on__isnull=False).order_by("-closed_on")[:1]]
        points = letters.checklist()
        for step, investigation in zip(("waiting", "returned", "sent"), chosen, strict=False):
            case = investigation.case
            services.case_person_add(
                case=case, name="Sam Demo", role="child", date_of_birth=None, notes="", actor=officer
            )
            letter = letter_services.letter_draft(
                case=case, kind=LetterKind.STAGE_1_RESPONSE, investigation=investigation, actor=manager
            )
            letter_services.letter_edit(
                letter=letter,
                subject=letter.subject,
                body=letter_services.REMINDER.sub(_demo_words, letter.body),
                actor=manager,
            )
            letter_services.letter_submit(letter=letter, actor=manager)
            if step == "waiting":
                continue
            returned = step == "returned"
            letter_services.letter_check(
                letter=letter,
                decision=CheckDecision.RETURNED if returned else CheckDecision.APPROVED,
                answers=[
                    letter_services.Answer(
                        p,
                        not (returned and p.text.startswith("An apology")),
                        "Say sorry for the delay." if returned and p.text.startswith("An apology") else "",
                    )
                    for p in points
                ],
                comment="",
                actor=officer,
            )
            if not returned:
                letter_services.letter_send(letter=letter, sent_by=SentBy.POST, actor=officer)
                letter_services.letter_answer(letter=letter, investigation=investigation)
