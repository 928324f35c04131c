from datetime import date

from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.procedures.models import RuleSet


def rule_set_in_force(*, procedure: str, received_on: date) -> RuleSet:
    """The version of a procedure that judges a case: the one in force on the day it was received."""
    rule_set = (
        RuleSet.objects.filter(procedure=procedure, effective_from__lte=received_on)
        .prefetch_related("stages")
        .order_by("-effective_from")
        .first()
    )
    if rule_set is None:
        raise RuleBroken(
            f"No {procedure} procedure was in force on {long_date(received_on)}: "
            "add a rule set that covers that date."
        )
    return rule_set
