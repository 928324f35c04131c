"""Reads about people: who given details certainly are (the exact rules), who they may be (likely
duplicates, scored), a person's cases and history, and who may see a person's page."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz

from heard.cases.models import Case, CaseEvent, CasePerson, Customer, EventKind
from heard.cases.selectors import case_visible_to, role_of, sees_every_case
from heard.people import keys
from heard.people.models import DetailChange, DuplicateStatus, Merge, PossibleDuplicate

# Matching, in order: the first rule that finds someone decides. Each is one indexed look-up.
RULES = (
    ("email_key", "the same email address"),
    ("phone_key", "the same phone number"),
    ("name_born", "the same name and date of birth"),
    ("name_postcode", "the same name and postcode"),
)
NAMES_ALIKE = 85  # a likely duplicate's names are at least this alike (out of 100)
QUEUE_SCORE = 70  # and its score at least this
BLOCK_LIMIT = 200  # people compared from each block, at most


@dataclass(frozen=True)
class Keys:
    """The match keys of some details, and the date of birth that goes with them."""

    email_key: str
    phone_key: str
    name_key: str
    surname_key: str
    postcode_key: str
    date_of_birth: date | None = None
    address_key: str = ""

    @classmethod
    def of(cls, *, name="", email="", phone="", address="", postcode="", date_of_birth=None) -> "Keys":
        found = keys.all_keys(name=name, email=email, phone=phone, address=address, postcode=postcode)
        return cls(**found, date_of_birth=date_of_birth, address_key=keys.address_key(address))

    @classmethod
    def of_person(cls, person: Customer) -> "Keys":
        return cls.of(
            name=person.name,
            email=person.email,
            phone=person.phone,
            address=person.address,
            postcode=person.postcode,
            date_of_birth=person.date_of_birth,
        )


def _current(condition: Q, *, limit: int, newest_first: bool = False) -> list[Customer]:
    """The people meeting an indexed condition, oldest first (or newest), records merged into
    another left out.

    The query has no ORDER BY and no merged_into condition: with either, a database may walk the
    primary key or the merged_into index (nearly every row) instead of the match key's index.
    The few rows found are sorted and filtered here instead.
    """
    found = [p for p in Customer.objects.filter(condition).order_by()[:limit] if p.merged_into_id is None]
    return sorted(found, key=lambda person: person.pk, reverse=newest_first)


def _rule_filter(rule: str, k: Keys) -> Q | None:
    if rule == "email_key" and k.email_key:
        return Q(email_key=k.email_key)
    if rule == "phone_key" and k.phone_key:
        return Q(phone_key=k.phone_key)
    if rule == "name_born" and k.name_key and k.date_of_birth:
        return Q(name_key=k.name_key, date_of_birth=k.date_of_birth)
    if rule == "name_postcode" and k.name_key and k.postcode_key:
        return Q(name_key=k.name_key, postcode_key=k.postcode_key)
    return None


def person_exact_matches(k: Keys, *, exclude: int | None = None) -> list[tuple[Customer, str]]:
    """Everyone the details certainly belong to, with the rule that says so, first rule first (the
    oldest record first within a rule). Usually one person or none."""
    found: list[tuple[Customer, str]] = []
    seen: set[int] = set() if exclude is None else {exclude}
    for rule, reason in RULES:
        condition = _rule_filter(rule, k)
        if condition is None:
            continue
        for person in _current(condition, limit=20)[:5]:
            if person.pk not in seen:
                seen.add(person.pk)
                found.append((person, reason))
    return found


@dataclass(frozen=True)
class Likeness:
    other: Customer
    score: int
    reasons: list[str]


def _numbers(address: str) -> list[str]:
    return re.findall(r"\d+", address)


def likeness(k: Keys, other: Customer) -> Likeness | None:
    """How alike the details and another person are; None when not alike enough to queue."""
    names = fuzz.token_sort_ratio(k.name_key, other.name_key) if k.name_key and other.name_key else 0
    if names < NAMES_ALIKE:
        return None
    reasons = [f"Names alike ({round(names)}%)" if names < 100 else "The same name"]
    score = names * 0.6
    if k.postcode_key and k.postcode_key == other.postcode_key:
        score += 15
        reasons.append("The same postcode")
    other_address = keys.address_key(other.address)
    # Addresses are alike when their words are and their house numbers are the same: "12 Mill
    # Lane" and "21 Mill Lane" are two households.
    if k.address_key and other_address and _numbers(k.address_key) == _numbers(other_address):
        addresses = fuzz.token_sort_ratio(k.address_key, other_address)
        if addresses >= 85:
            score += 15
            reasons.append(f"Addresses alike ({round(addresses)}%)")
    if k.date_of_birth and k.date_of_birth == other.date_of_birth:
        score += 25
        reasons.append("The same date of birth")
    if k.email_key and other.email_key and k.email_key.split("@")[0] == other.email_key.split("@")[0]:
        score += 15
        reasons.append("Emails alike")
    if k.phone_key and other.phone_key and k.phone_key[-6:] == other.phone_key[-6:]:
        score += 15
        reasons.append("Phone numbers end the same")
    score = min(100, round(score))
    return Likeness(other, score, reasons) if score >= QUEUE_SCORE else None


def person_likely_duplicates(k: Keys, *, exclude: int | None = None) -> list[Likeness]:
    """People who may be the same as the details, best first. Only people sharing a block are
    compared (a postcode; a surname with a date of birth; a phone number's last six digits; the same
    name), so that it stays fast with a million people."""
    blocks: list[Q] = []
    if k.postcode_key:
        blocks.append(Q(postcode_key=k.postcode_key))
    words = k.name_key.split()
    if words and k.date_of_birth:
        blocks.append(Q(surname_key__in=words, date_of_birth=k.date_of_birth))
    if k.name_key:
        blocks.append(Q(name_key=k.name_key))
    seen: set[int] = set() if exclude is None else {exclude}
    found: list[Likeness] = []
    for block in blocks:
        for other in _current(block, limit=BLOCK_LIMIT, newest_first=True):
            if other.pk in seen:
                continue
            seen.add(other.pk)
            alike = likeness(k, other)
            if alike is not None:
                found.append(alike)
    return sorted(found, key=lambda alike: -alike.score)


def duplicates_waiting() -> QuerySet[PossibleDuplicate]:
    return PossibleDuplicate.objects.filter(
        status=DuplicateStatus.OPEN, person__merged_into__isnull=True, other__merged_into__isnull=True
    ).select_related("person", "other")


# --- A person's page -----------------------------------------------------------------------------


def person_visible_to(user, person: Customer) -> bool:
    """Officers and senior managers see anyone; an investigating manager sees a person only when they
    may see every one of the person's cases; anyone else no one."""
    if sees_every_case(user):
        return True
    if not role_of(user):
        return False
    cases = Case.objects.filter(customer=person)
    return cases.exists() and not cases.exclude(pk__in=case_visible_to(user).values("pk")).exists()


def person_cases(person: Customer) -> QuerySet[Case]:
    return Case.objects.filter(customer=person).select_related("service_area").order_by("-received_on", "-id")


def person_appearances(person: Customer) -> QuerySet[CasePerson]:
    """Where the person appears as someone involved in a case: the same name (by its match key) and
    date of birth. Without a date of birth on the person nothing is claimed: a name alone is not
    enough to say it is them."""
    if not person.date_of_birth or not person.name_key:
        return CasePerson.objects.none()
    candidates = CasePerson.objects.filter(date_of_birth=person.date_of_birth).select_related("case")
    return candidates.filter(pk__in=[cp.pk for cp in candidates if keys.name_key(cp.name) == person.name_key])


def person_merges(person: Customer) -> QuerySet[Merge]:
    return Merge.objects.filter(Q(kept=person) | Q(merged=person)).select_related(
        "kept", "merged", "merged_by", "undone_by"
    )


def person_detail_changes(person: Customer) -> QuerySet[DetailChange]:
    return DetailChange.objects.filter(person=person).select_related("by")


PERSON_EVENTS = (
    EventKind.PERSON_MERGED,
    EventKind.PERSON_MERGE_UNDONE,
    EventKind.PERSON_SPLIT,
    EventKind.DETAILS_CORRECTED,
)


def person_case_events(person: Customer) -> QuerySet[CaseEvent]:
    """The events about who the person is, on their cases."""
    return (
        CaseEvent.objects.filter(case__customer=person, kind__in=PERSON_EVENTS)
        .select_related("case", "actor")
        .order_by("-at", "-id")
    )
