"""Match keys: the normalised forms of a person's details that matching compares. Pure functions
with no database, so that the model, the importer, matching and the benchmark all use the same rule.

- Email: trimmed and lower-cased. Gmail's dots and "+tags" are not folded: an address is what the
  person gave, and folding would join two people who share a provider's quirk with nobody else.
- Phone: E.164 through `phonenumbers`, region GB ("07700 900123", "+44 7700 900123" and
  "(0)7700-900-123" are one number). Something that is not a possible number has no key.
- Name: lower-case letters and digits of each word, accents folded, titles left out, words sorted,
  so "SMITH, John" and "Mr John Smith" are one name. The surname key is the last word as written.
- Postcode: a full UK postcode, upper-case with one space before the inward code ("sw1a1aa" is
  "SW1A 1AA"); found in a free-text address when not given on its own.
"""

import re
import unicodedata

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "rev", "lady", "lord"})
_ASCII_DIGITS = re.compile(r"[0-9]+").fullmatch
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")


def email_key(email: str) -> str:
    return (email or "").strip().lower()


def phone_key(phone: str) -> str:
    text = (phone or "").strip()
    national = text.replace(" ", "")
    if len(national) == 11 and national[0] == "0" and national[1] in "1235789" and _ASCII_DIGITS(national):
        # The common case, a UK number of 11 digits ("07700 900123"): its E.164 form, as
        # phonenumbers gives it (the tests compare the two), a hundred times faster.
        return "+44" + national[1:]
    if not any(c.isdigit() for c in text):
        return ""
    import phonenumbers  # on first use: a command that reads no phone number never loads it

    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_words(name: str) -> list[str]:
    """The words of a name, lower-case ASCII letters and digits, without titles, in the order given."""
    name = name or ""
    if name.isascii():  # nothing to fold
        folded = name.lower()
    else:
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = _WORD.findall(folded)
    return [w.replace("'", "") for w in words if w not in TITLES]


def name_key(name: str) -> str:
    return " ".join(sorted(name_words(name)))


def surname_key(name: str) -> str:
    text = (name or "").strip()
    if "," in text:  # "Smith, John": the surname comes first
        words = name_words(text.split(",", 1)[0])
        return words[-1] if words else ""
    words = name_words(text)
    return words[-1] if words else ""


def postcode_key(text: str) -> str:
    """The UK postcode in the text (a postcode on its own, or the last one in an address)."""
    found = POSTCODE.findall((text or "").upper())
    if not found:
        return ""
    outward, inward = found[-1]
    return f"{outward} {inward}"


STREET_WORDS = {"rd": "road", "st": "street", "ave": "avenue", "ln": "lane", "cl": "close", "dr": "drive"}


def address_key(address: str) -> str:
    """An address reduced to its words for fuzzy comparison: the postcode left out (it is compared
    on its own) and common abbreviations spelt out ("Rd" is "road")."""
    without_postcode = POSTCODE.sub(" ", (address or "").upper())
    words = re.findall(r"[a-z0-9]+", without_postcode.lower())
    return " ".join(STREET_WORDS.get(word, word) for word in words)


KEY_FIELDS = ("email_key", "phone_key", "name_key", "surname_key", "postcode_key")


def all_keys(*, name: str, email: str, phone: str, address: str, postcode: str = "") -> dict[str, str]:
    """Every match key of a person's details, by the Customer field that holds it."""
    return {
        "email_key": email_key(email),
        "phone_key": phone_key(phone),
        "name_key": name_key(name)[:200],
        "surname_key": surname_key(name)[:100],
        "postcode_key": postcode_key(postcode) or postcode_key(address),
    }
