"""Proposed redactions for quotes: names and other personal details replaced by a marker.

Heard proposes; an officer reads, edits and approves every quote before it can appear in a report.
The proposal removes what Heard knows about the case (the customer's name, email, phone and
address, the people involved and their dates of birth, the investigators' and staff members'
names) and anything shaped like personal details (email addresses, UK phone numbers, postcodes,
dates, a title followed by a name).
"""

import re
from dataclasses import dataclass

NAME = "[name removed]"
EMAIL = "[email removed]"
PHONE = "[phone number removed]"
POSTCODE = "[postcode removed]"
DATE_OF_BIRTH = "[date of birth removed]"
ADDRESS = "[address removed]"

EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# UK numbers: 01743 256188, 07700 900123, +44 7700 900123, (01743) 256 188, 0345 678 9000.
PHONE_RE = re.compile(r"(?<![\w])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w])")
POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?\s+\d{{4}})\b",
    re.IGNORECASE,
)
# "born", "date of birth:", "DOB", "his birthday is" right before a date.
BIRTH_CONTEXT_RE = re.compile(
    r"\b(?:born|birth|dob|d\.o\.b\.?|birthday)(?:\s+(?:on|is|was))?[\s:,(]*$", re.IGNORECASE
)
TITLE_RE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z][a-z'-]+)(?:\s+[A-Z][a-z'-]+)?")
# Words that start with a capital after a title but are not names ("Mr and Mrs", "Ms X").
NOT_NAMES = {"And", "Or", "X", "Y", "Z"}


@dataclass(frozen=True)
class Redaction:
    found: str
    replacement: str
    reason: str


@dataclass(frozen=True)
class Proposal:
    text: str
    redactions: list[Redaction]


TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx"}


def _name_patterns(names: list[str], staff_names: list[str]) -> list[tuple[re.Pattern, str]]:
    """Whole names (any capitalisation), then single parts written with a capital: every part of
    the names of the people in the case, the surname of staff (a first name alone like "Will" or
    "Grace" is too often an ordinary word)."""
    wholes: set[str] = set()
    parts: set[str] = set()
    for name, all_parts in [(n, True) for n in names] + [(n, False) for n in staff_names]:
        name = " ".join(name.split())
        if not name:
            continue
        wholes.add(name)
        pieces = [p.strip(".,'") for p in re.split(r"[\s-]+", name)]
        pieces = [p for p in pieces if len(p) >= 2 and p.lower() not in TITLES]
        parts.update(pieces if all_parts else pieces[-1:])
    patterns = []
    for value in sorted(wholes, key=len, reverse=True):
        patterns.append((re.compile(rf"(?<![\w]){re.escape(value)}(?![\w])", re.IGNORECASE), value))
    for value in sorted(parts - wholes, key=len, reverse=True):
        capitalised = value[:1].upper() + value[1:]
        patterns.append((re.compile(rf"(?<![\w]){re.escape(capitalised)}(?![\w])"), value))
    return patterns


def propose(
    text: str,
    *,
    names: list[str] = (),  # type: ignore[assignment]
    staff_names: list[str] = (),  # type: ignore[assignment]
    emails: list[str] = (),  # type: ignore[assignment]
    phones: list[str] = (),  # type: ignore[assignment]
    addresses: list[str] = (),  # type: ignore[assignment]
    dates_of_birth: list = (),  # type: ignore[assignment]
) -> Proposal:
    """The text with personal details replaced, and what was replaced and why."""
    redactions: list[Redaction] = []

    def sub(pattern: re.Pattern, replacement: str, reason: str, value: str) -> str:
        def repl(match: re.Match) -> str:
            redactions.append(Redaction(match.group(0), replacement, reason))
            return replacement

        return pattern.sub(repl, value)

    for address in addresses:
        for line in filter(None, (part.strip() for part in re.split(r"[\n,]", address or ""))):
            if len(line) >= 4 and not POSTCODE_RE.fullmatch(line):
                text = sub(
                    re.compile(re.escape(line), re.IGNORECASE), ADDRESS, "the customer's address", text
                )
    for email in filter(None, emails):
        text = sub(re.compile(re.escape(email), re.IGNORECASE), EMAIL, "a known email address", text)
    text = sub(EMAIL_RE, EMAIL, "an email address", text)
    for phone in filter(None, phones):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 6:
            loose = r"[\s()-]*".join(re.escape(d) for d in digits)
            text = sub(re.compile(loose), PHONE, "a known phone number", text)
    text = sub(PHONE_RE, PHONE, "a phone number", text)
    text = sub(POSTCODE_RE, POSTCODE, "a postcode", text)
    for dob in filter(None, dates_of_birth):
        forms = {
            f"{dob.day}/{dob.month}/{dob.year}",
            f"{dob.day:02d}/{dob.month:02d}/{dob.year}",
            f"{dob.day:02d}/{dob.month:02d}/{dob.year % 100:02d}",
            f"{dob.day}/{dob.month}/{dob.year % 100:02d}",
            f"{dob.year}-{dob.month:02d}-{dob.day:02d}",
            f"{dob.day} {dob:%B} {dob.year}",
            f"{dob.day} {dob:%b} {dob.year}",
        }
        for form in sorted(forms, key=len, reverse=True):
            text = sub(re.compile(re.escape(form), re.IGNORECASE), DATE_OF_BIRTH, "a date of birth", text)

    def dates(match: re.Match) -> str:
        before = text_so_far[max(0, match.start() - 40) : match.start()]
        if BIRTH_CONTEXT_RE.search(before):
            redactions.append(Redaction(match.group(0), DATE_OF_BIRTH, "a date of birth"))
            return DATE_OF_BIRTH
        return match.group(0)

    text_so_far = text
    text = DATE_RE.sub(dates, text)

    for pattern, value in _name_patterns(list(names), list(staff_names)):
        text = sub(pattern, NAME, f"a name Heard knows ({value})", text)

    def titled(match: re.Match) -> str:
        words = match.group(0).split()[1:]
        if words[0] in NOT_NAMES:
            return match.group(0)
        redactions.append(Redaction(match.group(0), f"{match.group(1)} {NAME}", "a title and a name"))
        return f"{match.group(1)} {NAME}"

    text = TITLE_RE.sub(titled, text)
    return Proposal(text=text, redactions=redactions)


def propose_for_case(text: str, *, case) -> Proposal:
    """Redactions using what Heard knows about a case and the people who work on it."""
    from heard.accounts.models import User

    names: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    addresses: list[str] = []
    dobs = []
    customer = case.customer
    if customer is not None:
        names.append(customer.name)
        emails.append(customer.email)
        phones.append(customer.phone)
        addresses.append(customer.address)
    for person in case.people.all():
        names.append(person.name)
        if person.date_of_birth:
            dobs.append(person.date_of_birth)
    staff: list[str] = []
    for investigation in case.investigations.all():
        staff.append(investigation.investigator_name)
        for field in ("independent_investigator", "independent_person", "adjudicating_officer"):
            staff.append(getattr(investigation, field))
        staff.extend(str(member) for member in investigation.panel_members or [])
    # Staff names: everyone with a sign-in, as recorded.
    for first, last in User.objects.values_list("first_name", "last_name"):
        staff.append(f"{first} {last}".strip())
    return propose(
        text,
        names=[n for n in names if n],
        staff_names=[n for n in staff if n],
        emails=emails,
        phones=phones,
        addresses=addresses,
        dates_of_birth=dobs,
    )
