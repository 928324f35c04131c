"""Writes for the officer-written parts of the annual report."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from heard.cases.models import Case, Learning
from heard.core.errors import RuleBroken
from heard.reporting import selectors
from heard.reporting.models import (
    Edition,
    EditionStatus,
    ProgressNote,
    Quote,
    QuoteKind,
    Recommendation,
    RecommendationStatus,
    ReportEdition,
)
from heard.reporting.redaction import propose_for_case

EDITABLE_FIELDS = (
    "introduction",
    "feedback_commentary",
    "comparison_commentary",
    "learning_commentary",
    "recommendations_introduction",
)


def edition_get_or_create(*, year: int) -> ReportEdition:
    edition, _ = ReportEdition.objects.get_or_create(year=year)
    return edition


def require_draft(edition: Edition) -> None:
    if edition.is_published:
        raise RuleBroken(
            f"The {edition.label} {edition.report_name} is published: return it to draft before changing it."
        )


def mark_published(edition: Edition, *, actor) -> None:
    """Publish an edition once its own checks have passed (inside their transaction)."""
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = timezone.now()
    edition.published_by = actor
    edition.save()


@transaction.atomic
def edition_update(*, edition: ReportEdition, **fields) -> ReportEdition:
    require_draft(edition)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.save()
    return edition


@transaction.atomic
def edition_publish(*, edition: ReportEdition, actor) -> ReportEdition:
    """Publish the year's report: refused while a quote awaits approval or a section awaits text."""
    require_draft(edition)
    pending = edition.quotes.filter(approved_at__isnull=True).count()
    if pending:
        raise RuleBroken(
            f"{pending} quote{'s' if pending != 1 else ''} still need{'s' if pending == 1 else ''} "
            "approving or removing before the report is published."
        )
    waiting = selectors.sections_waiting(edition)
    if waiting:
        raise RuleBroken(
            "The report cannot be published while sections wait for text: "
            + "; ".join(f"section {number} {needs}" for number, needs in waiting.items())
            + "."
        )
    mark_published(edition, actor=actor)
    return edition


@transaction.atomic
def edition_unpublish[E: Edition](*, edition: E) -> E:
    """Return any edition (the annual report's, the Code report's) to draft."""
    edition.status = EditionStatus.DRAFT
    edition.published_at = None
    edition.published_by = None
    edition.save()
    return edition


def _source_text(case: Case, learning: Learning | None) -> str:
    if learning is not None:
        return learning.detail
    return case.details or case.summary


def _default_heading(kind: str, case: Case) -> str:
    if kind == QuoteKind.COMPLIMENT and case.team is not None:
        return f"Compliment for the {case.team.name}:"
    if kind == QuoteKind.COMPLIMENT:
        return "Compliment:"
    return ""


@transaction.atomic
def quote_add(*, edition: ReportEdition, kind: str, case: Case, learning: Learning | None = None) -> Quote:
    """Quote a case (or one learning point) in the report, with Heard's proposed redactions. The
    quote is not approved: it appears in no report until an officer approves it."""
    require_draft(edition)
    if kind == QuoteKind.LEARNING:
        if learning is None:
            raise RuleBroken("Choose the learning point to quote.")
        case = learning.case
    elif case.kind != kind:
        raise RuleBroken(f"{case.reference} is a {case.get_kind_display().lower()}, not a {kind}.")
    proposal = propose_for_case(_source_text(case, learning), case=case)
    position = (edition.quotes.filter(kind=kind).aggregate(m=Max("position"))["m"] or 0) + 1
    return Quote.objects.create(
        edition=edition,
        kind=kind,
        case=case,
        learning=learning,
        heading=_default_heading(kind, case),
        text=proposal.text,
        position=position,
    )


def quote_proposal(*, quote: Quote):
    """Heard's proposed redactions of the quote's source text, for the officer to compare."""
    return propose_for_case(_source_text(quote.case, quote.learning), case=quote.case)


@transaction.atomic
def quote_update(*, quote: Quote, text: str, heading: str, position: int | None = None) -> Quote:
    """Change a quote; a change of its words or heading withdraws any approval."""
    require_draft(quote.edition)
    if text != quote.text or heading != quote.heading:
        quote.approved_at = None
        quote.approved_by = None
    quote.text = text
    quote.heading = heading
    if position is not None:
        quote.position = position
    quote.save()
    return quote


@transaction.atomic
def quote_approve(*, quote: Quote, actor) -> Quote:
    require_draft(quote.edition)
    if not quote.text.strip():
        raise RuleBroken("An empty quote cannot be approved.")
    quote.approved_at = timezone.now()
    quote.approved_by = actor
    quote.save()
    return quote


@transaction.atomic
def quote_withdraw_approval(*, quote: Quote) -> Quote:
    require_draft(quote.edition)
    quote.approved_at = None
    quote.approved_by = None
    quote.save()
    return quote


@transaction.atomic
def quote_delete(*, quote: Quote) -> None:
    require_draft(quote.edition)
    quote.delete()


@transaction.atomic
def recommendation_add(
    *, edition: ReportEdition, text: str, title: str = "", owner=None, due_on: date | None = None
) -> Recommendation:
    """Add one of the year's recommendations, last in the list."""
    require_draft(edition)
    position = (edition.recommendations.aggregate(m=Max("position"))["m"] or 0) + 1
    return Recommendation.objects.create(
        edition=edition, position=position, text=text, title=title, owner=owner, due_on=due_on
    )


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    text: str,
    title: str,
    owner,
    due_on: date | None,
    position: int | None = None,
) -> Recommendation:
    """Change a recommendation. Its words and place are the report's, frozen once the report is
    published; its owner and due date are the tracking, which goes on after publication."""
    if (text, title) != (recommendation.text, recommendation.title) or (
        position is not None and position != recommendation.position
    ):
        require_draft(recommendation.edition)
    recommendation.text = text
    recommendation.title = title
    recommendation.owner = owner
    recommendation.due_on = due_on
    if position is not None:
        recommendation.position = position
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation) -> None:
    require_draft(recommendation.edition)
    recommendation.delete()


@transaction.atomic
def progress_note_add(*, recommendation: Recommendation, status: str, text: str, actor) -> ProgressNote:
    """Record progress on a recommendation and the status it is now in. Notes are never changed:
    a published report shows the latest note written before it was published."""
    if status not in RecommendationStatus.values:
        raise RuleBroken(f"{status!r} is not a recommendation status.")
    if not text.strip():
        raise RuleBroken("Write the progress made.")
    note = ProgressNote.objects.create(
        recommendation=recommendation, written_at=timezone.now(), written_by=actor, status=status, text=text
    )
    recommendation.status = status
    recommendation.save(update_fields=["status", "updated_at"])
    return note
