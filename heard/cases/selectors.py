"""Reads of the case record for the staff workspace.

Who may see a case is decided in one place, `case_visible_to`: every staff page and every query that
shows a case starts from it. Who may do what to a case is decided by the workflow table
(`heard.cases.workflow`).
"""

import base64
import datetime
import json
import operator
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import reduce

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from heard.accounts.models import Role
from heard.calendar.selectors import council_calendar
from heard.calendar.workdays import WorkingCalendar
from heard.cases import search_index
from heard.cases.models import (
    Case,
    CaseEvent,
    CasePerson,
    DelayReport,
    Escalation,
    Investigation,
    Kind,
    Learning,
    LearningKind,
    OmbudsmanReferral,
    Status,
)
from heard.core.errors import RuleBroken
from heard.procedures import deadlines
from heard.procedures.deadlines import Rules, StageDeadlines, StageRules
from heard.procedures.models import Procedure
from heard.procedures.selectors import rules_in_force

DUE_SOON_WORKING_DAYS = 5
PAGE_SIZE = 50
COUNT_LIMIT = 500


# --- Who may see and do what -----------------------------------------------------------------


def role_of(user) -> str:
    if not user.is_authenticated or not user.is_active:
        return ""
    return user.role


def _ways_into_reach(user) -> list[Q]:
    """An investigating manager's investigations, one condition for each way in: allocated to them,
    or to their team."""
    ways = [Q(investigator_id=user.pk)]
    if user.team_id:
        ways.append(Q(team_id=user.team_id))
    return ways


def investigations_in_reach(user) -> QuerySet[Investigation]:
    """An investigating manager's investigations: those allocated to them or to their team."""
    return Investigation.objects.filter(reduce(operator.or_, _ways_into_reach(user)))


def case_visible_to(user) -> QuerySet[Case]:
    """The cases a user may see. Complaints officers and senior managers see every case;
    investigating managers see the cases with an investigation allocated to them or their team, and
    any case whose overdue work was escalated to them; administrators (reference data and users) and anyone else see none."""
    role = role_of(user)
    if role in (Role.COMPLAINTS_OFFICER, Role.SENIOR_MANAGER):
        return Case.objects.all()
    if role == Role.INVESTIGATING_MANAGER:
        # One EXISTS for each way into reach, each a single look-up in its own index
        # (investigation_reach_by_person, _by_team); PostgreSQL hashes each from that index alone.
        reach = [
            Exists(Investigation.objects.filter(way, case_id=OuterRef("pk")))
            for way in _ways_into_reach(user)
        ]
        escalated = Exists(Escalation.objects.filter(to_id=user.pk, case_id=OuterRef("pk")))
        return Case.objects.filter(reduce(operator.or_, [*reach, escalated]))
    return Case.objects.none()


def sees_every_case(user) -> bool:
    """Whether `case_visible_to(user)` is every case (so a query need not be restricted)."""
    return role_of(user) in (Role.COMPLAINTS_OFFICER, Role.SENIOR_MANAGER)


def _within_reach(queryset, user, case_field: str = "case"):
    """Restrict a query on rows that belong to a case to the cases the user may see."""
    if sees_every_case(user):
        return queryset
    return queryset.filter(**{f"{case_field}__in": case_visible_to(user)})


# --- Due dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """How a due date stands today: overdue, due soon (within 5 working days) or neither."""

    on: datetime.date
    working_days: int  # working days left; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.working_days < 0

    @property
    def soon(self) -> bool:
        return 0 <= self.working_days <= DUE_SOON_WORKING_DAYS

    @property
    def label(self) -> str:
        n = abs(self.working_days)
        if self.working_days < 0:
            return f"Overdue by {n} working day{'s' if n != 1 else ''}"
        if self.working_days == 0:
            return "Due today"
        return f"{n} working day{'s' if n != 1 else ''} left"


def due_status(on: datetime.date, *, today: datetime.date, calendar: WorkingCalendar) -> Due:
    if on < today:
        return Due(on=on, working_days=-max(calendar.working_days_between(on, today), 1))
    return Due(on=on, working_days=calendar.working_days_between(today, on))


# --- Due dates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageClock:
    """A stage's rules and its due dates, from the deadline engine."""

    rule: StageRules
    dates: StageDeadlines


def case_rules(case: Case) -> Rules:
    """The version of the case's procedure in force on the day it was received (read once per case
    object: a page asks for each of its investigations)."""
    cached = getattr(case, "_rules_in_force", None)
    if cached is None:
        cached = rules_in_force(procedure=case.procedure, received_on=case.received_on)
        case._rules_in_force = cached  # type: ignore[attr-defined]
    return cached


def stage_clock(
    investigation: Investigation, *, rules: Rules | None = None, calendar: WorkingCalendar | None = None
) -> StageClock:
    """The deadline engine's answer for an investigation as it stands."""
    case = investigation.case
    rules = rules or case_rules(case)
    rule = rules.stage(investigation.stage)
    if rule is None:
        procedure = Procedure(case.procedure).label.lower() if case.procedure else "no"
        raise RuleBroken(f"The {procedure} procedure has no stage {investigation.stage}.")
    return StageClock(
        rule=rule,
        dates=deadlines.stage_deadlines(
            rules,
            rule,
            received_on=case.received_on,
            opened_on=investigation.opened_on,
            acknowledged_on=case.acknowledged_on
            if investigation.stage == 1
            else investigation.acknowledged_on,
            calendar=calendar or council_calendar(),
            extended_to=investigation.extended_to,
            closed_on=investigation.closed_on,
            panel_on=investigation.panel_on,
            panel_report_on=investigation.panel_report_on,
        ),
    )


# --- My work ---------------------------------------------------------------------------------


@dataclass
class WorkItem:
    case: Case
    what: str
    due: Due | None
    investigation: Investigation | None = None
    referral: OmbudsmanReferral | None = None


@dataclass
class MyWork:
    today: datetime.date
    due_soon_by: datetime.date
    investigations: list[WorkItem] = field(default_factory=list)
    acknowledgements: list[WorkItem] = field(default_factory=list)
    to_allocate: list[WorkItem] = field(default_factory=list)
    to_close: list[WorkItem] = field(default_factory=list)
    ombudsman: list[WorkItem] = field(default_factory=list)
    service: list[WorkItem] = field(default_factory=list)  # officers: everyone's overdue and due soon
    delays: list[WorkItem] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    actions: list[WorkItem] = field(default_factory=list)
    limit: int = 100


def my_work(user, *, today: datetime.date | None = None, limit: int = 50) -> MyWork:
    """What a user has to do, soonest due first.

    An investigating manager sees the open investigations allocated to them or their team. A
    complaints officer sees the investigations allocated to them, plus the council's work that
    falls to officers: acknowledgements due, complaints waiting to be allocated, compliments and
    comments to close and Ombudsman responses due. A senior manager sees the investigations that
    are overdue or due within 5 working days.
    """
    today = today or timezone.localdate()
    calendar = council_calendar()
    due_soon_by = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    work = MyWork(today=today, due_soon_by=due_soon_by, limit=limit)
    role = role_of(user)
    visible = case_visible_to(user)
    open_investigations = (
        _within_reach(Investigation.objects.filter(closed_on__isnull=True), user)
        .select_related("case", "team", "investigator")
        .order_by("due_on", "case__reference")
    )
    due_soon = Q(extended_to__isnull=True, due_on__lte=due_soon_by) | Q(extended_to__lte=due_soon_by)

    def items(investigations) -> list[WorkItem]:
        found = [
            WorkItem(
                case=inv.case,
                what=str(inv).removeprefix(f"{inv.case.reference} ").capitalize(),
                due=due_status(inv.current_due_on, today=today, calendar=calendar),
                investigation=inv,
            )
            for inv in investigations[: limit * 2]
        ]
        return sorted(found, key=lambda item: (item.due.on if item.due else today, item.case.reference))[
            :limit
        ]

    if role == Role.SENIOR_MANAGER:
        work.investigations = items(open_investigations.filter(due_soon))
    elif role == Role.COMPLAINTS_OFFICER:
        work.investigations = items(open_investigations.filter(investigator_id=user.pk))
        work.service = items(open_investigations.filter(due_soon))
    else:
        work.investigations = items(
            open_investigations.filter(pk__in=investigations_in_reach(user).values("pk"))
        )
    work.escalations = list(
        escalations_to(user).filter(acknowledged_at__isnull=True).select_related("case")[:limit]
    )
    work.actions = [
        WorkItem(
            case=item.case,
            what=item.category,
            due=due_status(item.due_on, today=today, calendar=calendar) if item.due_on else None,
        )
        for item in _within_reach(actions_outstanding(), user)
        .filter(owner_id=user.pk)
        .select_related("case")[:limit]
    ]

    if role != Role.COMPLAINTS_OFFICER:
        return work
    latest_delays = (
        DelayReport.objects.filter(investigation__closed_on__isnull=True)
        .select_related("investigation", "investigation__case", "investigation__team", "reason")
        .order_by("-reported_on", "-id")
    )
    seen: set[int] = set()
    for delay in latest_delays[: limit * 4]:
        if delay.investigation_id in seen or len(work.delays) >= limit:
            continue
        seen.add(delay.investigation_id)
        inv = delay.investigation
        work.delays.append(
            WorkItem(
                case=inv.case,
                what=f"{str(inv).removeprefix(inv.case.reference + ' ').capitalize()}: {delay.reason.name.lower()}, "
                f"expected by {delay.expected_on:%-d %b %Y}",
                due=due_status(inv.current_due_on, today=today, calendar=calendar),
                investigation=inv,
            )
        )
    open_cases = visible.filter(status=Status.OPEN).select_related("service_area", "customer")
    for case in open_cases.filter(kind=Kind.COMPLAINT, acknowledged_on__isnull=True).order_by(
        "acknowledgement_due_on", "reference"
    )[:limit]:
        work.acknowledgements.append(
            WorkItem(
                case=case,
                what="Acknowledge",
                due=due_status(case.acknowledgement_due_on, today=today, calendar=calendar)
                if case.acknowledgement_due_on
                else None,
            )
        )
    unallocated = open_cases.filter(kind=Kind.COMPLAINT).exclude(
        Exists(Investigation.objects.filter(case_id=OuterRef("pk")))
    )
    for case in unallocated.order_by("received_on", "reference")[:limit]:
        work.to_allocate.append(WorkItem(case=case, what="Allocate an investigation", due=None))
    for case in open_cases.exclude(kind=Kind.COMPLAINT).order_by("received_on", "reference")[:limit]:
        work.to_close.append(
            WorkItem(case=case, what=f"Close the {case.get_kind_display().lower()}", due=None)
        )
    referrals = (
        _within_reach(OmbudsmanReferral.objects.filter(response_sent_on__isnull=True), user)
        .select_related("case")
        .order_by("response_due_on", "id")[:limit]
    )
    for referral in referrals:
        work.ombudsman.append(
            WorkItem(
                case=referral.case,
                what="Respond to the Ombudsman",
                due=due_status(referral.response_due_on, today=today, calendar=calendar),
                referral=referral,
            )
        )
    return work


def escalations_to(user) -> QuerySet[Escalation]:
    """The escalations of overdue work made to the user, the newest first."""
    return Escalation.objects.filter(to_id=user.pk).order_by("-escalated_on", "-id")


def escalation_list(user, *, everyone: bool = False, limit: int = 200) -> list[Escalation]:
    """Escalations to the user (or, for those who see every case, everyone's), those waiting for an
    acknowledgement first; each says whether its work is still overdue."""
    escalations = (
        _within_reach(Escalation.objects.all(), user)
        if everyone and sees_every_case(user)
        else escalations_to(user)
    )
    rows = list(
        escalations.select_related("case", "investigation", "referral", "to", "acknowledged_by").order_by(
            F("acknowledged_at").desc(nulls_first=True), "-escalated_on", "-id"
        )[:limit]
    )
    for escalation in rows:
        escalation.still_overdue = _still_overdue(escalation)  # type: ignore[attr-defined]
    return rows


def _still_overdue(escalation: Escalation) -> bool:
    if escalation.investigation is not None:
        return (
            escalation.investigation.is_open and escalation.investigation.current_due_on == escalation.due_on
        )
    if escalation.referral is not None:
        return escalation.referral.response_sent_on is None
    return escalation.case.is_open and escalation.case.acknowledged_on is None


def actions_outstanding() -> QuerySet[Learning]:
    """Actions not yet done, soonest due first."""
    return Learning.objects.filter(kind=LearningKind.ACTION, completed_on__isnull=True).order_by(
        F("due_on").asc(nulls_last=True), "id"
    )


@dataclass
class AreaActions:
    area: str
    area_id: int
    actions: list[Learning]
    overdue: int


def actions_by_area(
    user, *, service_area: int | None = None, today: datetime.date | None = None
) -> list[AreaActions]:
    """The outstanding actions of the cases the user may see, by service area."""
    today = today or timezone.localdate()
    actions = _within_reach(actions_outstanding(), user).select_related("case", "case__service_area", "owner")
    if service_area:
        actions = actions.filter(case__service_area_id=service_area)
    areas: dict[int, AreaActions] = {}
    for item in actions[:2000]:
        area = item.case.service_area
        group = areas.setdefault(area.pk, AreaActions(area=area.name, area_id=area.pk, actions=[], overdue=0))
        group.actions.append(item)
        group.overdue += bool(item.due_on and item.due_on < today)
    return sorted(areas.values(), key=lambda group: group.area)


# --- The case list ---------------------------------------------------------------------------

SORTS = {
    # name: (label, field, descending)
    "newest": ("Newest received first", "received_on", True),
    "oldest": ("Oldest received first", "received_on", False),
    "reference": ("Reference A to Z", "reference", False),
    "reference_desc": ("Reference Z to A", "reference", True),
}
DEFAULT_SORT = "newest"
REFERENCE_PATTERN = re.compile(r"^[A-Za-z]{1,10}-\d{4}-\d{1,9}$")


@dataclass
class CaseFilters:
    kind: str = ""
    status: str = ""
    procedure: str = ""
    stage: int | None = None
    service_area: int | None = None
    team: int | None = None
    investigator: int | None = None
    looked_after_child: bool = False
    made_by_child: bool = False
    advocate: bool = False
    repeat: bool = False
    overdue: bool = False
    escalated: bool = False
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    q: str = ""
    sort: str = DEFAULT_SORT

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__ if name != "sort")


SEARCH_TABLE = search_index.SEARCH_TABLE  # SQLite's FTS5 index of the cases, in list order
SEARCH_WORDS = 6


def _search_words(q: str) -> list[str]:
    """The words of a search, as the index splits them: runs of letters and digits, at most
    SEARCH_WORDS."""
    return re.findall(r"[^\W_]+", q.lower())[:SEARCH_WORDS]


SEARCH_SAMPLE = 5000  # the matches a search reads in list order to count; few ones are looked up by id
SEARCH_CHUNK = 256  # SQLite: the matches read at first, then twice as many each time


def _fts_match(q: str) -> str:
    """An FTS5 query in which every word must match the start of a word."""
    return " ".join(f'"{word}"*' for word in _search_words(q))


def _tsquery(q: str) -> str:
    """The same query for PostgreSQL's `to_tsquery('simple', ...)`: every word a prefix."""
    return " & ".join(f"{word}:*" for word in _search_words(q))


def _fts_first_matches(match: str) -> list[int]:
    """The ids of the first SEARCH_SAMPLE + 1 cases SQLite's index matches."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s LIMIT %s",
            [match, SEARCH_SAMPLE + 1],
        )
        return [search_index.case_id_of(row[0]) for row in cursor.fetchall()]


def _fts_in_list_order(
    filtered: QuerySet[Case], match: str, *, descending: bool, after_key: int | None
) -> Iterator[tuple[list[int], int, bool]]:
    """SQLite: the matches of the index in the list's order (its rowids sort as the list does),
    after a search key, read in growing chunks from one query. Yields, per chunk, the ids of the
    cases that pass `filtered` (who may see them, and the other filters), in order; the number of
    matches read; and whether the index has no more."""
    condition = ""
    params: list = [match]
    if after_key is not None:
        condition = f"AND rowid {'<' if descending else '>'} %s"
        params.append(after_key)
    unrestricted = not filtered.query.where
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH %s {condition} "
            f"ORDER BY rowid {'DESC' if descending else 'ASC'}",
            params,
        )
        size = SEARCH_CHUNK
        while True:
            ids = [search_index.case_id_of(row[0]) for row in cursor.fetchmany(size)]
            exhausted = len(ids) < size
            if ids and not unrestricted:
                passing = set(filtered.order_by().filter(pk__in=ids).values_list("pk", flat=True))
                ids_passing = [pk for pk in ids if pk in passing]
            else:
                ids_passing = ids
            yield ids_passing, len(ids), exhausted
            if exhausted:
                return
            size = min(size * 2, 4096)


def _search_in_list_order(
    filtered: QuerySet[Case], filters: CaseFilters, *, after: str, want: int
) -> tuple[list[int], int | None] | None:
    """SQLite, a search by words in received order: the ids of the next `want` cases of the list
    after the cursor, and the count capped at COUNT_LIMIT + 1 when the first SEARCH_SAMPLE matches
    settle it (None when not). None when this search is not answered this way."""
    q = filters.q.strip()
    _, column, descending = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if connection.vendor != "sqlite" or not q or REFERENCE_PATTERN.match(q) or column != "received_on":
        return None
    match = _fts_match(q)
    if not match:
        return [], 0
    after_key = None
    decoded = _cursor_decode(after, column) if after else None
    if decoded is not None:
        after_key = search_index.search_key(*decoded)
    page: list[int] = []
    count = None
    settled = after_key is not None  # a later page: its count is taken on its own, below
    passing = read = 0
    for ids, n, exhausted in _fts_in_list_order(filtered, match, descending=descending, after_key=after_key):
        page.extend(ids[: want - len(page)])
        if after_key is None:
            passing, read = passing + len(ids), read + n
            settled, count = _count_from_sample(passing, read, exhausted)
        if len(page) >= want and settled:
            break
    if after_key is not None:
        count = _fts_count_capped(filtered, match)
    return page, count


def _count_from_sample(passing: int, read: int, exhausted: bool) -> tuple[bool, int | None]:
    """Whether the matches read so far in list order (`read`, of which `passing` pass the filters)
    settle the count capped at COUNT_LIMIT + 1, and that count: None when the sample will not reach
    the cap and the count must be taken over the whole search."""
    if passing > COUNT_LIMIT:
        return True, COUNT_LIMIT + 1
    if exhausted:
        return True, passing
    # At this rate (or past SEARCH_SAMPLE) the sample will not reach the cap.
    return read >= SEARCH_SAMPLE or passing * SEARCH_SAMPLE < COUNT_LIMIT * read, None


def _fts_count_capped(filtered: QuerySet[Case], match: str) -> int | None:
    """How many of the matches pass `filtered`, capped at COUNT_LIMIT + 1, when the first
    SEARCH_SAMPLE matches in list order settle it; None when they do not."""
    passing = read = 0
    for ids, n, exhausted in _fts_in_list_order(filtered, match, descending=True, after_key=None):
        passing, read = passing + len(ids), read + n
        settled, count = _count_from_sample(passing, read, exhausted)
        if settled:
            return count
    return passing


def _fts_count_streamed(filtered: QuerySet[Case], q: str) -> int:
    """SQLite: how many cases of `filtered` the search matches, capped at COUNT_LIMIT + 1, joining
    each match of the index to its case by id as FTS5 gives them (no set of all matches is built,
    as `id IN (SELECT ...)` would)."""
    return (
        filtered.order_by()
        .extra(
            tables=[SEARCH_TABLE],
            where=[
                f"{SEARCH_TABLE} MATCH %s",
                f'"{Case._meta.db_table}"."id" = ({SEARCH_TABLE}.rowid & {search_index.ID_MASK})',
            ],
            params=[_fts_match(q)],
        )[: COUNT_LIMIT + 1]
        .count()
    )


def _postgresql_search(queryset: QuerySet[Case], q: str) -> QuerySet[Case]:
    """PostgreSQL: the cases whose search column (reference, summary, customer's name and
    reference; kept by triggers) holds a word starting with each word searched. The planner reads
    the GIN index for rare words and walks the list's order for common ones."""
    tsquery = _tsquery(q)
    if not tsquery:
        return queryset.none()
    return queryset.filter(
        RawSQL(
            f'"{Case._meta.db_table}"."search" @@ to_tsquery(\'simple\', %s)',
            [tsquery],
            output_field=BooleanField(),
        )
    )


def _postgresql_first_matches(q: str) -> list[int]:
    """PostgreSQL: the first SEARCH_SAMPLE + 1 ids the GIN index matches. The planner cannot tell
    a rare prefix from a common one (`respite:*` is estimated like `taylor:*`), so this asks the
    index itself, then puts the settings back."""
    tsquery = _tsquery(q)
    if not tsquery:
        return []
    with _planner_without("enable_seqscan", "enable_indexscan"), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Case._meta.db_table} WHERE search @@ to_tsquery('simple', %s) LIMIT %s",
            [tsquery, SEARCH_SAMPLE + 1],
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def _planner_without(*settings: str) -> Iterator[None]:
    """PostgreSQL: the planner's `enable_*` settings named switched off for the statements inside,
    in a transaction (SET LOCAL), and put back as they were on leaving."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(settings))}", settings)
        before = cursor.fetchone()
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        yield
        cursor.execute(
            f"SELECT {', '.join(['set_config(%s, %s, true)'] * len(settings))}",
            [value for pair in zip(settings, before, strict=True) for value in pair],
        )


_word_frequencies: dict[str, float] = {}
_word_frequencies_read = 0.0


def _postgresql_common(q: str) -> bool:
    """PostgreSQL: whether each word of the search starts words of more than 2 × SEARCH_SAMPLE
    cases by the column's statistics (`ANALYZE`'s most common words; read at most every ten
    minutes). Such a search walks the list's order without asking the index first."""
    global _word_frequencies, _word_frequencies_read
    if time.monotonic() - _word_frequencies_read > 600:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e, f * (SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = %s) "
                "FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(e, f) "
                "WHERE tablename = %s AND attname = 'search' AND e IS NOT NULL",
                [Case._meta.db_table, Case._meta.db_table],
            )
            _word_frequencies = dict(cursor.fetchall())
        _word_frequencies_read = time.monotonic()
    words = _search_words(q)
    return bool(words) and all(
        sum(cases for word, cases in _word_frequencies.items() if word.startswith(prefix)) > 2 * SEARCH_SAMPLE
        for prefix in words
    )


def _first_matches(q: str) -> list[int] | None:
    """The first SEARCH_SAMPLE + 1 ids the search index matches; None without an index, or on
    PostgreSQL for words the statistics say are common."""
    if connection.vendor == "sqlite":
        match = _fts_match(q)
        return _fts_first_matches(match) if match else []
    if connection.vendor == "postgresql":
        return None if _postgresql_common(q) else _postgresql_first_matches(q)
    return None


def search_count_capped(queryset: QuerySet[Case], q: str) -> int | None:
    """SQLite, for a search with many matches: COUNT_LIMIT + 1 when at least that many of the
    first SEARCH_SAMPLE matches in list order pass the other filters (`queryset`, before
    searching); None when the count must be taken over the whole search."""
    q = q.strip()
    if not q or REFERENCE_PATTERN.match(q) or connection.vendor != "sqlite":
        return None
    match = _fts_match(q)
    if not match:
        return None
    return _fts_count_capped(queryset, match)


def _words_to_match(q: str) -> bool:
    q = q.strip()
    return bool(q) and not REFERENCE_PATTERN.match(q)


def case_search(
    queryset: QuerySet[Case], q: str, *, first_matches: list[int] | None = None
) -> QuerySet[Case]:
    """Search reference, summary and customer name and reference, from an index on both databases:
    every word must match the start of a word (`Fair` finds Fairweather). A whole reference is
    looked up exactly.

    SQLite: the FTS5 table `cases_case_search`; PostgreSQL: the `search` column and its GIN index;
    both kept in step with every write to cases and customers by triggers (`heard.cases.search_index`).
    The case list reads SQLite's index in its own order instead (`_search_in_list_order`); this
    filter serves the other sorts and the download.
    """
    q = q.strip()
    if not q:
        return queryset
    if REFERENCE_PATTERN.match(q):
        # References are stored as issued (upper case): an exact match uses the unique index.
        return queryset.filter(reference__in={q, q.upper()})
    matches = first_matches if first_matches is not None else _first_matches(q)
    if matches is None and connection.vendor == "postgresql":
        return _postgresql_search(queryset, q)  # common words: the list's order is walked
    if matches is None:
        # Another database: each word matched, reading every case.
        for word in _search_words(q):
            queryset = queryset.filter(
                Q(reference__icontains=word) | Q(summary__icontains=word) | Q(customer__name__icontains=word)
            )
        return queryset
    if len(matches) <= SEARCH_SAMPLE:
        # Few matches: the database looks each one up by id and sorts them.
        return queryset.filter(pk__in=matches)
    # Many: the database walks the list's order and keeps the cases among the matches (`+` keeps
    # SQLite from driving the query from the match set instead, which would sort them all).
    if connection.vendor == "postgresql":
        return _postgresql_search(queryset, q)
    return queryset.filter(
        RawSQL(
            f'+"{Case._meta.db_table}"."id" IN (SELECT rowid & {search_index.ID_MASK} FROM {SEARCH_TABLE} '
            f"WHERE {SEARCH_TABLE} MATCH %s)",
            [_fts_match(q)],
            output_field=BooleanField(),
        )
    )


def case_filter(queryset: QuerySet[Case], filters: CaseFilters, *, today: datetime.date | None = None):
    today = today or timezone.localdate()
    conditions = Q()
    if filters.kind:
        conditions &= Q(kind=filters.kind)
    if filters.status:
        conditions &= Q(status=filters.status)
    if filters.procedure:
        conditions &= Q(procedure=filters.procedure)
    if filters.service_area:
        conditions &= Q(service_area_id=filters.service_area)
    if filters.team:
        conditions &= Q(team_id=filters.team)
    if filters.looked_after_child:
        conditions &= Q(looked_after_child=True)
    if filters.made_by_child:
        conditions &= Q(made_by_child=True)
    if filters.advocate:
        conditions &= Q(advocate_requested=True)
    if filters.received_from:
        conditions &= Q(received_on__gte=filters.received_from)
    if filters.received_to:
        conditions &= Q(received_on__lte=filters.received_to)
    queryset = queryset.filter(conditions)
    # Filters on investigations select a small set of cases: the database looks them up by id.
    if filters.stage:
        # The stage a case is at: its highest investigation stage. Many complaints reach stages 1
        # and 2, so those are checked case by case in list order; few reach stage 3, so those
        # cases are looked up by id.
        at_stage = Investigation.objects.filter(case_id=OuterRef("pk"), stage=filters.stage)
        beyond = Investigation.objects.filter(case_id=OuterRef("pk"), stage__gt=filters.stage)
        if filters.stage < 3:
            queryset = queryset.filter(Exists(at_stage)).exclude(Exists(beyond))
        else:
            queryset = queryset.filter(pk__in=Investigation.objects.filter(stage=3).values("case_id"))
    if filters.investigator:
        queryset = queryset.filter(
            pk__in=Investigation.objects.filter(investigator_id=filters.investigator).values("case_id")
        )
    if filters.repeat:
        queryset = queryset.filter(
            Exists(Case.objects.filter(customer_id=OuterRef("customer_id")).exclude(pk=OuterRef("pk")))
        )
    if filters.overdue:
        queryset = queryset.filter(
            status=Status.OPEN, pk__in=investigations_overdue(today=today).values("case_id")
        )
    if filters.escalated:
        queryset = queryset.filter(status=Status.OPEN, pk__in=Escalation.objects.values("case_id"))
    return case_search(queryset, filters.q)


def investigations_overdue(*, today: datetime.date) -> QuerySet[Investigation]:
    """Open investigations past their due date (the extended one where there is an extension)."""
    return Investigation.objects.filter(closed_on__isnull=True).filter(
        Q(extended_to__isnull=True, due_on__lt=today) | Q(extended_to__lt=today)
    )


SORT_FLOOR = {"received_on": datetime.date(1900, 1, 1), "reference": ""}


def case_sorted(queryset: QuerySet[Case], sort: str) -> QuerySet[Case]:
    _, column, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    sign = "-" if descending else ""
    # A condition every case meets, on the sort column: without table statistics SQLite otherwise
    # reads a whole filtered table and sorts it, rather than walking the column's index in order
    # and stopping after a page.
    return queryset.filter(**{f"{column}__gte": SORT_FLOOR[column]}).order_by(f"{sign}{column}", f"{sign}id")


def cursor_encode(case: Case, sort: str) -> str:
    _, column, _ = SORTS.get(sort, SORTS[DEFAULT_SORT])
    value = getattr(case, column)
    if isinstance(value, datetime.date):
        value = value.isoformat()
    raw = json.dumps([value, case.pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_decode(cursor: str, column: str):
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if column == "received_on":
            value = datetime.date.fromisoformat(value)
        return value, int(pk)
    except (ValueError, TypeError):
        return None


def case_page_after(queryset: QuerySet[Case], sort: str, cursor: str) -> QuerySet[Case]:
    """Keyset pagination: the cases that come after the cursor in the sort order (no OFFSET)."""
    if not cursor:
        return queryset
    _, column, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    decoded = _cursor_decode(cursor, column)
    if decoded is None:
        return queryset
    value, pk = decoded
    op = "lt" if descending else "gt"
    # The first condition is implied by the second; it lets the database range-scan its index.
    return queryset.filter(**{f"{column}__{op}e": value}).filter(
        Q(**{f"{column}__{op}": value}) | Q(**{f"id__{op}": pk})
    )


@dataclass
class CasePage:
    cases: list[Case]
    next_cursor: str
    count: int  # capped at COUNT_LIMIT + 1
    count_capped: bool


@dataclass(frozen=True)
class CaseProgress:
    """Where a case stands, as the case list and its download show it: the stage it has reached,
    who investigates it, and its due dates. The lead investigation is the open one due soonest at
    that stage, or the last one closed."""

    stage: int | None = None
    investigator: str = ""
    next_due_on: datetime.date | None = None
    due_on: datetime.date | None = None
    extended_to: datetime.date | None = None
    outcome: str = ""
    is_overdue: bool = False


def investigator_label(investigation: Investigation) -> str:
    if investigation.investigator is not None:
        return investigation.investigator.display_name
    return investigation.investigator_name


def case_progress(investigations: list[Investigation], *, today: datetime.date) -> CaseProgress:
    """The progress of one case from its investigations (already fetched: no query here)."""
    if not investigations:
        return CaseProgress()
    stage = max(inv.stage for inv in investigations)
    at_stage = [inv for inv in investigations if inv.stage == stage]
    open_ones = sorted((inv for inv in at_stage if inv.closed_on is None), key=lambda inv: inv.current_due_on)
    lead = open_ones[0] if open_ones else max(at_stage, key=lambda inv: (inv.closed_on, inv.number))
    open_dues = [inv.current_due_on for inv in investigations if inv.closed_on is None]
    next_due_on = min(open_dues) if open_dues else None
    names = dict.fromkeys(label for inv in at_stage if (label := investigator_label(inv)))
    return CaseProgress(
        stage=stage,
        investigator=", ".join(names),
        next_due_on=next_due_on,
        due_on=lead.due_on,
        extended_to=lead.extended_to,
        outcome=lead.get_outcome_display() if lead.closed_on else "",
        is_overdue=bool(next_due_on and next_due_on < today),
    )


def _progress_investigations() -> QuerySet[Investigation]:
    """What `case_progress` reads of investigations, with their investigators, in its order."""
    return (
        Investigation.objects.select_related("investigator")
        .only(
            "case_id",
            "stage",
            "number",
            "closed_on",
            "due_on",
            "extended_to",
            "outcome",
            "investigator_name",
            "investigator__first_name",
            "investigator__last_name",
            "investigator__username",
        )
        .order_by("stage", "number")
    )


def _with_investigations(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The cases with their investigations and investigators: two queries for any number of cases."""
    return queryset.prefetch_related(Prefetch("investigations", queryset=_progress_investigations()))


def _with_progress(cases: list[Case], *, today: datetime.date) -> None:
    """Give each case its `progress`, from one query for all their investigations (grouped here
    rather than by a prefetch, which builds a related manager and a queryset for each case)."""
    by_case: dict[int, list[Investigation]] = {case.pk: [] for case in cases}
    if cases:
        for investigation in _progress_investigations().filter(case_id__in=list(by_case)):
            by_case[investigation.case_id].append(investigation)
    for case in cases:
        case.progress = case_progress(by_case[case.pk], today=today)  # type: ignore[attr-defined]


# What the list shows of each case (and its cursor reads): the rest of a case, its details above
# all, is not read for a page of fifty.
LIST_COLUMNS = (
    "reference",
    "kind",
    "received_on",
    "summary",
    "status",
    "looked_after_child",
    "service_area__name",
    "team__name",
    "customer__name",
    "customer__customer_ref",
)


@contextmanager
def _walking_the_list_order(*, many: bool) -> Iterator[None]:
    """PostgreSQL, a search with many matches: read the page by walking the list's order index,
    keeping the cases the search column matches, instead of gathering every match from the GIN
    index and sorting them (which the planner picks for prefixes it cannot estimate)."""
    if not many or connection.vendor != "postgresql":
        yield
        return
    with _planner_without("enable_bitmapscan"):
        yield


def case_list(
    user, filters: CaseFilters, *, after: str = "", page_size: int = PAGE_SIZE, today=None
) -> CasePage:
    """One page of the cases a user may see, filtered and sorted, with a cursor for the next. Each
    case carries its `progress` (stage, investigator, due dates) for the list's columns."""
    filtered = case_filter(case_visible_to(user), replace(filters, q=""), today=today)
    in_order = _search_in_list_order(filtered, filters, after=after, want=page_size + 1)
    if in_order is not None:
        ids, count = in_order
        position = {pk: n for n, pk in enumerate(ids)}
        found = (
            filtered.filter(pk__in=ids).select_related("service_area", "team", "customer").only(*LIST_COLUMNS)
        )
        rows = sorted(found, key=lambda case: position[case.pk])
        if count is None:
            count = _fts_count_streamed(filtered, filters.q)
    else:
        first = _first_matches(filters.q.strip()) if _words_to_match(filters.q) else None
        searched = case_search(filtered, filters.q, first_matches=first)
        queryset = case_sorted(searched, filters.sort)
        page_qs = (
            case_page_after(queryset, filters.sort, after)
            .select_related("service_area", "team", "customer")
            .only(*LIST_COLUMNS)
        )
        many = _words_to_match(filters.q) and (first is None or len(first) > SEARCH_SAMPLE)
        with _walking_the_list_order(many=many):
            rows = list(page_qs[: page_size + 1])
        count = search_count_capped(filtered, filters.q)
        if count is None:
            # Without other conditions 501 matches come soon in any order; with them (a manager's
            # reach) the planner's own choice, usually the GIN index, reads less.
            with _walking_the_list_order(many=many and not filtered.query.where):
                count = searched.order_by()[: COUNT_LIMIT + 1].count()
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    _with_progress(rows, today=today or timezone.localdate())
    return CasePage(
        cases=rows,
        next_cursor=cursor_encode(rows[-1], filters.sort) if has_more else "",
        count=count,
        count_capped=count > COUNT_LIMIT,
    )


def case_rows_for_export(user, filters: CaseFilters, *, today=None) -> Iterator[Case]:
    """Every case matching the filters, in order, fetched in chunks for a streamed download, each
    with its `progress` (two queries a chunk)."""
    today = today or timezone.localdate()
    queryset = case_sorted(case_filter(case_visible_to(user), filters, today=today), filters.sort)
    cases = _with_investigations(queryset.select_related("service_area", "team", "customer"))
    for case in cases.iterator(chunk_size=2000):
        case.progress = case_progress(list(case.investigations.all()), today=today)  # type: ignore[attr-defined]
        yield case


# --- The case page ---------------------------------------------------------------------------


def case_for_page(user, reference: str) -> Case | None:
    """A case with everything its page shows, or None when the user may not see it."""
    return (
        case_visible_to(user)
        .select_related("service_area", "team", "customer")
        .prefetch_related(
            Prefetch("people", queryset=CasePerson.objects.order_by("id")),
            Prefetch(
                "investigations",
                queryset=Investigation.objects.select_related(
                    "team", "investigator", "problem_category", "problem_subcategory"
                )
                .prefetch_related(
                    "themes",
                    Prefetch("delays", queryset=DelayReport.objects.select_related("reason", "reported_by")),
                )
                .order_by("stage", "number"),
            ),
            Prefetch("ombudsman_referrals", queryset=OmbudsmanReferral.objects.order_by("received_on", "id")),
            Prefetch("learning", queryset=Learning.objects.select_related("owner").order_by("kind", "id")),
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related("to", "acknowledged_by").order_by(
                    "-escalated_on", "-id"
                ),
            ),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("-at", "-id")),
        )
        .filter(reference=reference)
        .first()
    )


def customer_other_cases(user, case: Case, *, limit: int = 20) -> list[Case]:
    """The customer's other cases that the user may see, newest first."""
    if case.customer_id is None:
        return []
    return list(
        case_visible_to(user)
        .filter(customer_id=case.customer_id)
        .exclude(pk=case.pk)
        .order_by("-received_on", "-id")[:limit]
    )
