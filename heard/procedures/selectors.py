from datetime import date

from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.core.kept import Kept
from heard.procedures.deadlines import RuleBook, Rules, StageRules
from heard.procedures.models import RuleSet


def rule_book() -> RuleBook:
    """Every version of both procedures, as the plain values the deadline engine reads, kept in
    the process for a minute (`heard.core.kept`): every complaint logged reads it."""
    return _rule_book.get()


def rule_book_changed() -> None:
    """Forget this process's copy of the rule book, after a rule set is saved."""
    _rule_book.drop()


def _rule_book_read() -> RuleBook:
    return RuleBook(
        versions=tuple(
            Rules(
                procedure=rule_set.procedure,
                name=rule_set.name,
                effective_from=rule_set.effective_from,
                acknowledgement_days=rule_set.acknowledgement_days,
                ombudsman_response_days=rule_set.ombudsman_response_days,
                stages=tuple(
                    StageRules(
                        stage=rule.stage,
                        clock_starts=rule.clock_starts,
                        acknowledgement_days=rule.acknowledgement_days,
                        response_days=rule.response_days,
                        extension_limit_days=rule.extension_limit_days,
                        request_window_days=rule.request_window_days,
                        panel_report_days=rule.panel_report_days,
                        council_response_days=rule.council_response_days,
                    )
                    for rule in sorted(rule_set.stages.all(), key=lambda rule: rule.stage)
                ),
            )
            for rule_set in RuleSet.objects.prefetch_related("stages")
        )
    )


_rule_book = Kept(_rule_book_read)


def rules_in_force(*, procedure: str, received_on: date, book: RuleBook | None = None) -> Rules:
    """The version of a procedure that judges a case: the one in force on the day it was received."""
    rules = (book or rule_book()).in_force(procedure, received_on)
    if rules is None:
        raise RuleBroken(
            f"No {procedure} procedure was in force on {long_date(received_on)}: "
            "add a rule set that covers that date."
        )
    return rules
