"""Given cases matching the published 2021/22 report, Heard's report states the same figures in the
same sections. The published report rounds to whole numbers; Heard prints one decimal place (as the
metrics contract does), so a published "75%" is Heard's "75.3%"."""

import pytest

from heard.reporting import metrics
from heard.reporting.renderers import render_docx, render_html
from heard.reporting.tests.reference_year import build_reference_years
from heard.reporting.tests.test_metrics_reference_2021_22 import published_years  # noqa: F401 (a fixture)
from heard.reporting.tests.text import html_text, pdf_text, word_text

SECTIONS = [
    "1. Introduction",
    "2. The complaints procedures and their timescales",
    "3. Customer feedback 2021/22",
    "4. Annual comparisons 2019/20 to 2021/22",
    "5. Example compliments",
    "6. Example complaints",
    "7. Learning and actions",
    "8. Examples of learning and actions",
    "9. Progress update",
    "10. Actions and recommendations",
]

# What the published 2021/22 report says, section by section, as Heard words it.
PUBLISHED = {
    "3. Customer feedback 2021/22": [
        "In 2021/22 there were 198 cases of feedback recorded for Children's Services",
        "39 compliments",
        "10 comments or other enquiries",
        "149 complaints",
        "April was the month with the most feedback and November the month with the least",
        "April and October saw higher than average feedback",
        "Of all the customer feedback recorded, 75.3% of cases were complaints",  # published: 75%
        "There were 149 complaint cases and 144 stage 1 complaint investigations",
        "98 were corporate complaints (68.1% of all complaint investigations)",  # published: 68%
        "46 were statutory complaints (31.9%)",  # published: 32% (and, inconsistently, 60)
        "The main problem category for complaints investigated during 2021/22 was service standards",
        "The main complaint themes recorded within the year were EHC plans, Child Protection Plans, "
        "Supervised/unsupervised contact and Disabled children's social work",
        "26 complaints were made by customers with more than one complaint",
        "took an average of 27.7 working days to close stage 1 complaints",  # published: 28
        "Corporate complaints took an average of 29 working days to close (within the 30 working days timescale)",
        "Statutory complaints took an average of 25 working days to close (over the 10 working days timescale)",
        "Of the 143 complaint investigations closed within the year 14% were upheld, 37.1% were partially "
        "upheld and 37.8% were not upheld",  # published: 14%, 37%, 38%
        "there were 23 complaints relating to looked after children, and 2 complaints were made by children",
        "In total 8 cases progressed beyond stage 1 within the year: 7 cases progressed to stage 2",
        "1 case was raised with the Local Government and Social Care Ombudsman",
        "The Ombudsman decided 14 complaints about Children's Services in the year: 3 upheld, 1 not upheld",
    ],
    "4. Annual comparisons 2019/20 to 2021/22": [
        "2019/20 2020/21 2021/22",
        "Number of compliments – similar",
        "25 46 39",
        "Number of complaint investigations – similar",
        "119 152 144",
        "Days to close – similar",
        "26 working days 32.8 working days 27.7 working days",  # published: 26, 33, 28
        "Outcome of complaints (upheld) – similar",
        "16% 9.9% 14%",  # published: 16%, 10%, 14%
        "Cases progressing beyond stage 1 – similar",
        "4 7 8",
    ],
    "5. Example compliments": ["Children's Services received 39 compliments in 2021/22"],
    "6. Example complaints": [
        "received 149 complaints and carried out 144 stage 1 complaint investigations during 2021/22"
    ],
    "7. Learning and actions": [
        "recorded learning and/or actions against 34 cases (46.6%) of the 73 closed cases that were upheld "
        "or partially upheld in 2021/22",  # published: 34 cases (47%)
        "46.4% related to communication/information and 35.7% related to service delivery",  # published: 46%, 36%
        "‘Apology’ (45.5%)",  # published: 46% apology
    ],
}


def sections_of(text: str) -> dict[str, str]:
    """Each numbered section's text: from its heading (the last "1. Introduction", past any contents
    list) to the next section's heading."""
    body = text[text.rindex("1. Introduction") :]
    found = {}
    for title, following in zip(SECTIONS, SECTIONS[1:] + [None], strict=True):
        start = body.index(title)
        end = body.index(following, start) if following else len(body)
        found[title] = body[start:end]
    return found


@pytest.fixture
def reference_figures(db):
    build_reference_years()
    return metrics.annual_report(2021)


def check(text: str) -> list[str]:
    sections = sections_of(text)
    return [
        f"{title}: {statement}"
        for title, statements in PUBLISHED.items()
        for statement in statements
        if statement not in sections[title]
    ]


def test_the_html_report_states_the_published_figures_in_the_same_sections(reference_figures):
    assert check(html_text(render_html(figures=reference_figures, year=2021))) == []


def test_the_word_report_states_the_published_figures_in_the_same_sections(reference_figures):
    assert check(word_text(render_docx(figures=reference_figures, year=2021))) == []


def test_the_pdf_report_states_the_published_figures_in_the_same_sections(reference_figures):
    assert check(pdf_text(figures=reference_figures, year=2021)) == []


# The metrics tests build the same published year their own way (fewer details: no categories,
# themes or Ombudsman decisions; 8 of the 16 other outcomes withdrawn, so 27.8 days; 72 upheld or
# partially upheld cases, so 47.2%). The report must state the published figures from it too.

ONLY_OURS = ("27.7", "problem category", "complaint themes", "Ombudsman decided", "46.6%", "46.4%", "Apology")
PUBLISHED_FROM_METRICS_BUILDER = {
    title: [s for s in statements if not any(part in s for part in ONLY_OURS)]
    for title, statements in PUBLISHED.items()
}
PUBLISHED_FROM_METRICS_BUILDER["3. Customer feedback 2021/22"].append(
    "took an average of 27.8 working days to close stage 1 complaints"  # published: 28
)
PUBLISHED_FROM_METRICS_BUILDER["7. Learning and actions"].append(
    "recorded learning and/or actions against 34 cases (47.2%) of the 72 closed cases"  # published: 47%
)


@pytest.mark.usefixtures("published_years")
def test_the_report_states_the_published_figures_from_the_metrics_tests_data_set():
    text = html_text(render_html(figures=metrics.annual_report(2021), year=2021))
    sections = sections_of(text)
    missing = [
        f"{title}: {s}"
        for title, statements in PUBLISHED_FROM_METRICS_BUILDER.items()
        for s in statements
        if s not in sections[title]
    ]
    assert missing == []
