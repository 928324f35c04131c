"""The normalisation rules behind matching, as properties that hold for any input."""

import unicodedata

import phonenumbers
from hypothesis import given
from hypothesis import strategies as st

from heard.people import keys

local = st.from_regex(r"[a-z][a-z0-9._]{0,15}", fullmatch=True)
domain = st.from_regex(r"[a-z]{2,10}\.(com|co\.uk|org)", fullmatch=True)
emails = st.builds(lambda a, b: f"{a}@{b}", local, domain)
spaces = st.sampled_from(["", " ", "  ", "\t", "\n"])


@given(emails, spaces, spaces)
def test_an_email_is_one_key_whatever_its_case_and_surrounding_space(email, before, after):
    assert keys.email_key(f"{before}{email.upper()}{after}") == keys.email_key(email) == email


@given(st.text(max_size=60))
def test_the_email_key_is_idempotent(text):
    once = keys.email_key(text)
    assert keys.email_key(once) == once


def test_gmail_dots_are_not_folded():
    assert keys.email_key("jo.smith@gmail.com") != keys.email_key("josmith@gmail.com")


# A UK mobile (07xxx) or geographic (01xxx, 02x) number, as national significant digits after the 0.
uk_numbers = st.one_of(
    st.from_regex(r"7[4-9][0-9]{8}", fullmatch=True),
    st.from_regex(r"20[78][0-9]{7}", fullmatch=True),
    st.from_regex(r"1[2-9][0-9]{8}", fullmatch=True),
)


def _written(national: str, style: int) -> str:
    """The same number as people write it."""
    return [
        f"0{national}",
        f"0{national[:4]} {national[4:]}",
        f"+44 {national[:4]} {national[4:]}",
        f"+44 (0){national[:4]}-{national[4:7]}-{national[7:]}",
        f"0044{national}",
        f"(0{national[:3]}) {national[3:6]} {national[6:]}",
        f" 0{national[:4]}.{national[4:]} ",
    ][style]


@given(uk_numbers, st.integers(0, 6), st.integers(0, 6))
def test_a_gb_number_written_in_any_common_form_is_one_e164_key(national, first, second):
    key = keys.phone_key(_written(national, first))
    assert key == keys.phone_key(_written(national, second))
    assert key == f"+44{national}"
    assert phonenumbers.is_possible_number(phonenumbers.parse(key))


@given(st.from_regex(r"0[1235789][0-9]{9}", fullmatch=True), st.integers(1, 10))
def test_an_eleven_digit_uk_number_has_the_key_phonenumbers_gives(number, gap):
    """The short cut for the usual "07700 900123" gives what phonenumbers itself gives."""
    written = f"{number[:gap]} {number[gap:]}"
    parsed = phonenumbers.parse(written, "GB")
    expected = (
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_possible_number(parsed)
        else ""
    )
    assert keys.phone_key(written) == keys.phone_key(number) == expected


@given(st.text(alphabet="abcéÉ' -", max_size=30))
def test_a_name_of_plain_letters_has_the_words_the_accent_folding_gives(name):
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    assert keys.name_words(name) == keys.name_words(folded)


@given(st.text(alphabet="abc-() ", max_size=12))
def test_text_without_digits_has_no_phone_key(text):
    assert keys.phone_key(text) == ""


outward = st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True)
inward = st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True)


@given(outward, inward, st.sampled_from(["", " ", "  "]), st.booleans())
def test_a_postcode_is_one_key_whatever_its_spacing_and_case(out, inn, gap, lower):
    written = f"{out}{gap}{inn}"
    assert keys.postcode_key(written.lower() if lower else written) == f"{out} {inn}"


@given(outward, inward)
def test_the_postcode_is_found_at_the_end_of_an_address(out, inn):
    assert keys.postcode_key(f"12 High Street\nTown\n{out.lower()}{inn.lower()}") == f"{out} {inn}"


names = st.lists(st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True), min_size=1, max_size=4)


@given(names, st.randoms())
def test_a_name_is_one_key_in_any_order_or_case(words, random):
    shuffled = list(words)
    random.shuffle(shuffled)
    assert keys.name_key(" ".join(words)) == keys.name_key(" ".join(shuffled).upper())


def test_titles_accents_and_punctuation_are_left_out_of_the_name_key():
    assert keys.name_key("Mrs  Zoë O'Brien-Smith") == keys.name_key("obrien smith zoe")
    assert keys.surname_key("Smith, John") == keys.surname_key("John Smith") == "smith"
