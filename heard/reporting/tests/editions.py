"""Helpers for tests that publish a report."""

from heard.reporting import selectors, services
from heard.reporting.models import QuoteKind


def give_every_section_its_words(edition, officer) -> None:
    """What a draft needs before it can be published: an approved quote of each kind there is
    something to quote from, and this year's recommendations."""
    for kind in QuoteKind.values:
        candidate = selectors.quote_candidates(year=edition.year, kind=kind).first()
        if candidate is None:
            continue
        learning = candidate if kind == QuoteKind.LEARNING else None
        case = candidate.case if learning else candidate
        quote = services.quote_add(edition=edition, kind=kind, case=case, learning=learning)
        services.quote_approve(quote=quote, actor=officer)
    services.recommendation_add(edition=edition, text="Keep the days to close a priority.")
