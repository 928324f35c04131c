"""What the public pages read: the timescales a complaint will follow, from the procedure's rules."""

from dataclasses import asdict, dataclass
from datetime import date

from heard.core.errors import RuleBroken
from heard.procedures.models import ClockStart, Procedure
from heard.procedures.selectors import rules_in_force


@dataclass(frozen=True)
class Timescales:
    """Stage 1 of a procedure in plain numbers: working days to acknowledge, to respond, and the
    longest a complicated complaint may take."""

    acknowledgement_days: int
    response_days: int
    longest_days: int
    from_acknowledgement: bool

    def as_dict(self) -> dict:
        return asdict(self)


def complaint_timescales(*, procedure: str, on: date) -> Timescales | None:
    """Every start page, confirmation page and acknowledgement asks: worked out from the rule
    book each process keeps (`heard.procedures.selectors.rule_book`), without a database read."""
    return _complaint_timescales(procedure=procedure, on=on)


def _complaint_timescales(*, procedure: str, on: date) -> Timescales | None:
    try:
        rules = rules_in_force(procedure=procedure, received_on=on)
    except RuleBroken:
        return None
    stage = rules.stage(1)
    if stage is None:
        return None
    return Timescales(
        acknowledgement_days=rules.acknowledgement_days,
        response_days=stage.response_days,
        longest_days=max(stage.extension_limit_days, stage.response_days),
        from_acknowledgement=stage.clock_starts == ClockStart.ACKNOWLEDGED,
    )


def public_timescales(*, on: date) -> dict[str, Timescales | None]:
    """Both procedures' timescales, for the start page."""
    return {
        "statutory": complaint_timescales(procedure=Procedure.STATUTORY, on=on),
        "corporate": complaint_timescales(procedure=Procedure.CORPORATE, on=on),
    }
