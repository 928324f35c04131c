"""The annual report as a document: numbered sections of paragraphs, lists, figures and quotes.

`build_report(year)` reads the year's figures from `heard.reporting.metrics.annual_report` (and
nothing else for figures), the officer-written parts from the year's `ReportEdition` (approved
quotes only) and the procedures from the rule sets in force. Every renderer (HTML, PDF, Word)
draws this one structure, so each sentence and figure is written once.
"""

import base64
import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from heard.calendar.periods import reporting_year_period
from heard.core.formats import long_date
from heard.reporting import charts, metrics, panels, selectors
from heard.reporting.models import QuoteKind, ReportEdition

# Annual comparisons: a change from last year of more than these is "increased" or "fewer";
# anything smaller is "similar". Counts and averages compare relative to last year's value;
# percentages compare in percentage points (documented in docs/reporting.md).
RELATIVE_THRESHOLD = 0.20
POINTS_THRESHOLD = 5.0


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Subheading:
    text: str
    kind: str = "subheading"


@dataclass
class BulletList:
    items: list[str]
    kind: str = "bullets"


@dataclass
class NumberedList:
    items: list[str]
    kind: str = "numbered"


@dataclass
class Figure:
    panel: panels.Panel
    kind: str = "figure"
    # Filled in by a renderer: the chart drawn for its format.
    svg: str = ""
    png_data_uri: str = ""

    @property
    def chart(self) -> charts.Chart | None:
        """The panel's chart, its category axis titled as the table's first column."""
        chart = self.panel.chart
        if chart is None or chart.category_label:
            return chart
        return replace(chart, category_label=self.panel.columns[0])

    @property
    def alt_text(self) -> str:
        """What the chart shows, in a sentence or two: a figure's alternative text in every format."""
        return charts.describe(self.chart) if self.chart is not None else ""


@dataclass
class QuoteBlock:
    heading: str
    text: str
    kind: str = "quote"


@dataclass
class ComparisonRow:
    key: str
    measure: str
    direction: str  # increased, similar, fewer, or "not compared" when a year was not recorded
    heading: str
    sentence: str
    verdict: str
    values: list[str]


@dataclass
class Comparison:
    years: list[str]
    rows: list[ComparisonRow]
    kind: str = "comparison"


@dataclass
class ProgressTable:
    items: list[tuple[str, str, str]]  # action, status, progress made
    previous_year: str
    kind: str = "progress"


@dataclass
class Table:
    """A table of words (a Figure's panel holds a table of figures) under a heading the document
    gives: a caption for screen readers, a header row and rows of the same length, each named by
    its first cell."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class Section:
    number: int
    title: str
    blocks: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"


@dataclass(frozen=True)
class Logo:
    """The council's logo, embedded in the report (nothing is fetched when it is read)."""

    data: bytes
    media_type: str  # image/svg+xml or image/png
    png: bytes  # Word takes no SVG: the PNG beside an SVG logo, or the logo itself

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def council_logo(path: Path) -> Logo:
    """The logo in the file COUNCIL_LOGO names: an SVG with a PNG of the same name beside it, or a PNG."""
    media_type = LOGO_TYPES.get(path.suffix.lower())
    png = path.with_suffix(".png")
    if media_type is None or not path.is_file() or not png.is_file():
        raise ImproperlyConfigured(
            f"COUNCIL_LOGO must name an SVG or PNG file (an SVG with a PNG of the same name beside it "
            f"for Word); {path} is not one (see docs/reporting.md)."
        )
    return Logo(data=path.read_bytes(), media_type=media_type, png=png.read_bytes())


@dataclass
class Report:
    year: int
    label: str
    title: str
    subtitle: str
    council: str
    team: str
    status: str  # "draft" or "published"
    published_on: date | None
    sections: list[Section]
    # Sections of a draft still waiting for officer-written text: number -> what it needs.
    waiting: dict[int, str] = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.status != "published"

    @property
    def draft_notice(self) -> str:
        notice = "Draft – not for publication"
        if self.waiting:
            numbers = [str(n) for n in self.waiting]
            notice += f". Waiting for text: section{'s' if len(numbers) > 1 else ''} {join(numbers)}."
        return notice

    @cached_property
    def logo(self) -> Logo:
        return council_logo(Path(settings.COUNCIL_LOGO))

    @property
    def contact(self) -> list[str]:
        """How to reach the team that wrote the report, a line each, for the back page."""
        address = [line.strip() for line in settings.COUNCIL_ADDRESS.split(",") if line.strip()]
        return [
            self.team,
            self.council,
            *address,
            f"Telephone: {settings.COUNCIL_PHONE}",
            f"Email: {settings.COUNCIL_EMAIL}",
        ]


# --- Words ---------------------------------------------------------------------------------------


def number(n: float) -> str:
    """A figure as the report prints it: whole numbers without a point, others to one place."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}"
    return f"{int(n):,}"


def percent(value: float) -> str:
    return f"{number(value)}%"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{number(n)} {one if n == 1 else (many or one + 's')}"


def join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def month_name(key: str) -> str:
    return calendar.month_name[int(key[5:])]


def direction(previous: float, current: float, *, points: bool) -> str:
    """increased, similar or fewer: see RELATIVE_THRESHOLD and POINTS_THRESHOLD."""
    if points:
        change = current - previous
        if change > POINTS_THRESHOLD:
            return "increased"
        if change < -POINTS_THRESHOLD:
            return "fewer"
        return "similar"
    if previous == 0:
        return "similar" if current == 0 else "increased"
    change = (current - previous) / previous
    if change > RELATIVE_THRESHOLD:
        return "increased"
    if change < -RELATIVE_THRESHOLD:
        return "fewer"
    return "similar"


# --- Sections ------------------------------------------------------------------------------------


def introduction(year_label: str, start: date, end: date, edition: ReportEdition) -> Section:
    council = settings.COUNCIL_NAME
    opening = edition.introduction.strip() or (
        f"The report covers Children's Services formal feedback and representations for the period "
        f"{long_date(start)} to {long_date(end)}. It details the comments, compliments and complaints "
        f"formally recorded by {council}. The annual report is designed as a public document; in "
        "addition, regular internal reporting is carried out, so that any issues are addressed early "
        "and attention stays on continuous improvement."
    )
    blocks: list = [Paragraph(p) for p in opening.split("\n\n") if p.strip()]
    blocks += [
        Paragraph(
            "The Children Act 1989 and the NHS and Community Care Act 1990 require all local authorities "
            "with social services responsibilities in England and Wales to have a complaints procedure. "
            "'Getting the Best from Complaints' provides guidance for local authorities on implementing "
            "the Children Act. This report is produced in line with national guidance."
        ),
        Paragraph(
            "Statutory complaints relate to the provision of social care and follow the statutory "
            "complaints procedure for children's services, set out in section 2: stage 1 – local "
            "resolution; stage 2 – investigation; stage 3 – review panel; and referral to the Local "
            "Government and Social Care Ombudsman. The remainder of complaints about Children's Services "
            "follow the council's corporate complaints procedure, for example complaints about "
            "education services, a support service or an administrative process rather than social care."
        ),
        Subheading("How to give feedback"),
        Paragraph(
            "You can give us your views in several different ways: please use the one that suits you "
            "best. If you are a child or young person you can make the complaint yourself, ask for an "
            "advocate, or ask an adult you trust to make a complaint on your behalf. You can:"
        ),
        BulletList(
            [
                "speak to a member of staff",
                f"telephone {settings.COUNCIL_PHONE}",
                f"email {settings.COUNCIL_EMAIL}",
                "fill in the feedback form on the council's website",
            ]
        ),
        Subheading("Complaint"),
        Paragraph(
            "A complaint is a written or verbal expression of dissatisfaction about a service provided. "
            "Family members and advocates may also complain on behalf of someone; we ask for consent to "
            "make sure the complaint is not made against that person's wishes."
        ),
        Subheading("Compliment"),
        Paragraph(
            "Many people get in touch with a compliment when the information or support they received "
            "exceeded their expectations. It helps to learn when a service has been provided well or a "
            "member of staff has done a great job, and to say thank you to our teams."
        ),
        Subheading("Comment"),
        Paragraph("Feedback about a service could be:"),
        BulletList(
            [
                "a suggestion to improve it",
                "a question as to whether something could be done differently",
                "an idea for delivering a service differently",
            ]
        ),
    ]
    return Section(1, "Introduction", blocks)


STAGE_NAMES = {
    "statutory": {1: "Stage 1 – local resolution", 2: "Stage 2 – investigation", 3: "Stage 3 – review panel"},
    "corporate": {1: "Stage 1 – investigation", 2: "Stage 2 – review"},
}


def _clock(rule) -> str:
    if rule.clock_starts == "acknowledged":
        return "of the complaint being acknowledged"
    return "of the complaint (or the request for this stage) being received"


def _stage_sentence(procedure: str, rule) -> str:
    sentence = f"A written response is due within {plural(rule.response_days, 'working day')} {_clock(rule)}"
    if procedure == "statutory" and rule.stage == 3:
        sentence = (
            f"A Complaints Review Panel of three independent people meets within "
            f"{plural(rule.response_days, 'working day')} of the request"
        )
        if rule.panel_report_days:
            sentence += f"; the panel reports within {plural(rule.panel_report_days, 'working day')}"
        if rule.council_response_days:
            sentence += (
                f", and the council responds within {plural(rule.council_response_days, 'working day')} "
                "of the panel's report"
            )
    elif procedure == "statutory" and rule.stage == 2:
        sentence = (
            "An independent Investigating Officer and an Independent Person investigate and aim to report "
            f"within {plural(rule.response_days, 'working day')}"
        )
    if rule.extendable and not (procedure == "statutory" and rule.stage == 3):
        sentence += (
            f"; where the issues are complex this may be extended to at most "
            f"{plural(rule.extension_limit_days, 'working day')}"
        )
    sentence += "."
    if rule.request_window_days:
        sentence += (
            f" A complainant who remains dissatisfied may ask for the next stage within "
            f"{plural(rule.request_window_days, 'working day')} of the response."
        )
    return sentence


def procedures(start: date, end: date) -> Section:
    blocks: list = [
        Paragraph(
            "The council encourages children, young people, parents, carers and others to give feedback "
            "and raise any concern, so that it can be put right as quickly as possible. The timescales "
            "below are those of the procedures in force during the year."
        )
    ]
    rule_sets = selectors.rule_sets_in_force(start=start, end=end)
    for rule_set in rule_sets:
        heading = rule_set.name
        after = [
            r
            for r in rule_sets
            if r.procedure == rule_set.procedure and r.effective_from > rule_set.effective_from
        ]
        if rule_set.effective_from > start:
            heading += f" (from {long_date(rule_set.effective_from)})"
        if after:  # replaced during the year
            heading += f" (until {long_date(after[0].effective_from - timedelta(days=1))})"
        blocks.append(Subheading(heading))
        if rule_set.description:
            blocks.append(Paragraph(rule_set.description))
        blocks.append(
            Paragraph(
                f"Acknowledgement: complaints are acknowledged within "
                f"{plural(rule_set.acknowledgement_days, 'working day')} of being received, and the "
                "complainant is told how the complaint will be handled."
            )
        )
        items = []
        for rule in rule_set.stages.all():
            name = STAGE_NAMES.get(rule_set.procedure, {}).get(rule.stage, f"Stage {rule.stage}")
            items.append(f"{name}: {_stage_sentence(rule_set.procedure, rule)}")
        items.append(
            "Local Government and Social Care Ombudsman: a complainant may ask the Ombudsman to "
            f"investigate once the council's procedure is complete; the council responds to the "
            f"Ombudsman's enquiries within {plural(rule_set.ombudsman_response_days, 'calendar day')}, "
            "unless the Ombudsman sets another date."
        )
        blocks.append(BulletList(items))
    return Section(2, "The complaints procedures and their timescales", blocks)


def feedback(
    figures: metrics.AnnualFigures, ctx: panels.Context, timescales: dict[str, int], edition
) -> Section:
    label = figures.year
    f = figures.feedback
    c = figures.complaints
    t = figures.timeliness
    o = figures.outcomes
    e = figures.escalation
    om = figures.ombudsman
    previous = figures.previous_year
    blocks: list = [
        Paragraph(
            f"In {label} there were {plural(f.total, 'case')} of feedback recorded for Children's Services. There were:"
        ),
        BulletList(
            [
                plural(f.compliments, "compliment"),
                plural(f.comments, "comment or other enquiry", "comments or other enquiries"),
                plural(f.complaints, "complaint"),
            ]
        ),
        Paragraph("The chart below shows how this feedback was spread across service areas."),
        Figure(panels.feedback_by_service_area(figures, ctx)),
    ]
    above = [month_name(m) for m in f.months_above_average]
    sentences = [
        f"The average number of pieces of feedback recorded per month during {label} was "
        f"{number(f.monthly_average)}.",
        f"{month_name(f.busiest_month)} was the month with the most feedback and "
        f"{month_name(f.quietest_month)} the month with the least.",
    ]
    if above:
        sentences.append(f"{join(above)} saw higher than average feedback.")
    if f.busiest_quarter:
        sentences.append(f"Feedback volumes were greatest in quarter {f.busiest_quarter[1:]}.")
    blocks += [Paragraph(" ".join(sentences)), Figure(panels.feedback_by_month(figures, ctx))]
    blocks.append(
        Paragraph(
            "Most customer feedback recorded takes the form of complaints rather than comments or "
            "compliments (this may be due to recording practice: staff are less likely to report a "
            f"compliment formally). Of all the customer feedback recorded, {percent(f.complaint_share_pct)} "
            "of cases were complaints."
        )
    )
    blocks.append(
        Paragraph(
            "Complaints are considered in more detail at the investigation stage, and the figures used to "
            f"consider performance come from complaint investigations. There were {plural(c.cases, 'complaint case')} "
            f"and {plural(c.investigations, 'stage 1 complaint investigation')} opened in the year."
        )
    )
    bp, bpp = c.by_procedure, c.by_procedure_pct
    blocks += [
        Paragraph(
            f"Of the {plural(c.investigations, 'complaint investigation')} carried out within the year, "
            f"{number(bp.get('corporate', 0))} were corporate complaints ({percent(bpp.get('corporate', 0.0))} of all "
            f"complaint investigations) and {number(bp.get('statutory', 0))} were statutory complaints "
            f"({percent(bpp.get('statutory', 0.0))}). Section 2 sets out both procedures and their timescales."
        ),
        Figure(panels.investigations_by_procedure(figures, ctx)),
    ]
    top = c.top_problem_category
    if top is not None:
        blocks.append(
            Paragraph(
                f"The main problem category for complaints investigated during {label} was "
                f"{top.lower()} ({plural(c.by_problem_category[top], 'investigation')}, "
                f"{percent(c.top_problem_category_pct)} of stage 1 investigations)."
            )
        )
    blocks.append(Figure(panels.problem_categories(figures, ctx)))
    theme_names = c.main_themes[:4]
    blocks.append(
        Paragraph(
            "In addition to the problem category, themes are recorded on complaints, to support work that "
            "addresses concerns early and reduces complaints on similar topics."
            + (
                f" The main complaint themes recorded within the year were {join(theme_names)}."
                if theme_names
                else ""
            )
        )
    )
    blocks.append(Figure(panels.themes(figures, ctx)))
    blocks.append(
        Paragraph(
            f"{plural(c.repeat_customer_cases, 'complaint was', 'complaints were')} made by customers with more than "
            f"one complaint made during the year ({plural(c.repeat_customers, 'customer')})."
        )
    )
    avg = t.avg_working_days_to_close_by_procedure
    days = [
        f"During {label} Children's Services took an average of {number(t.avg_working_days_to_close)} "
        f"working days to close stage 1 complaints."
    ]
    for key, name in (("corporate", "Corporate"), ("statutory", "Statutory")):
        timescale = timescales.get(key)
        where = ""
        if timescale:
            relation = "within" if avg.get(key, 0.0) <= timescale else "over"
            where = f" ({relation} the {timescale} working days timescale)"
        days.append(
            f"{name} complaints took an average of {number(avg.get(key, 0.0))} working days to close{where}."
        )
    days.append(
        f"{percent(t.within_timescale_pct)} of stage 1 investigations were closed within their timescale."
    )
    if previous.avg_working_days_to_close is not None:
        days.append(
            f"In {previous.year} the average was {number(previous.avg_working_days_to_close)} working days."
        )
    blocks += [Paragraph(" ".join(days)), Figure(panels.timeliness(figures, ctx, timescales))]
    teams = list(panels.feedback_by_team(figures, ctx, "complaint").rows)[:3]
    if teams:
        blocks.append(
            Paragraph(
                "Complaints and compliments by team are shown below. The teams with the most complaints were "
                + join([f"{row.label} ({number(row.cells[0].value)})" for row in teams])
                + "."
            )
        )
    blocks += [
        Figure(panels.feedback_by_team(figures, ctx, "complaint")),
        Figure(panels.feedback_by_team(figures, ctx, "compliment")),
    ]
    pct_o = o.pct
    blocks += [
        Paragraph(
            "In addition to numbers of cases and time to respond, it is important to consider the outcome of "
            f"complaints. Of the {plural(o.closed, 'complaint investigation')} closed within the year "
            f"{percent(pct_o.get('upheld', 0.0))} were upheld, {percent(pct_o.get('partially_upheld', 0.0))} were "
            f"partially upheld and {percent(pct_o.get('not_upheld', 0.0))} were not upheld. The others "
            f"({percent(o.other_pct)}) were withdrawn or had no recorded outcome."
        ),
        Figure(panels.outcomes(figures, ctx)),
        Paragraph(
            f"During {label} there were {plural(c.looked_after_child, 'complaint')} relating to looked after "
            f"children, and {plural(c.made_by_child, 'complaint was', 'complaints were')} made by children or young "
            "people themselves."
        ),
        Paragraph(
            "It is also important to consider how many complaints progress beyond stage 1. In total "
            f"{plural(e.beyond_stage_1, 'case')} progressed beyond stage 1 within the year: "
            f"{plural(e.stage_2, 'case')} progressed to stage 2, {plural(e.stage_3, 'case')} to stage 3, and "
            f"{plural(e.ombudsman, 'case was', 'cases were')} raised with the Local Government and Social Care Ombudsman."
        ),
        Figure(panels.escalation(figures, ctx)),
    ]
    decisions = om.decisions
    blocks += [
        Paragraph(
            f"The Ombudsman decided {plural(om.decided, 'complaint')} about Children's Services in the year: "
            f"{number(decisions.get('upheld', 0))} upheld, {number(decisions.get('not_upheld', 0))} not upheld, "
            f"{number(decisions.get('referred_back', 0))} referred back to the council for local resolution, "
            f"{number(decisions.get('closed_after_initial_enquiries', 0))} closed after initial enquiries and "
            f"{number(decisions.get('withdrawn', 0))} withdrawn."
        ),
        Figure(panels.ombudsman(figures, ctx)),
    ]
    if edition.feedback_commentary.strip():
        blocks += [Paragraph(p) for p in edition.feedback_commentary.split("\n\n") if p.strip()]
    return Section(3, f"Customer feedback {label}", blocks)


MEASURES = [
    # key, measure, unit, points?, better when ("higher", "lower" or None)
    ("compliments", "Number of compliments", "", False, "higher"),
    ("investigations", "Number of complaint investigations", "", False, None),
    ("avg_working_days_to_close", "Days to close", " working days", False, "lower"),
    ("upheld_pct", "Outcome of complaints (upheld)", "%", True, "lower"),
    ("beyond_stage_1", "Cases progressing beyond stage 1", "", False, "lower"),
]
SENTENCES = {
    "compliments": "In {year} the council received {value} compliments for Children's Services, compared with {prev} in {prev_year} and {first} in {first_year}.",
    "investigations": "The number of stage 1 complaint investigations for Children's Services was {value} in {year}, compared with {prev} in {prev_year} and {first} in {first_year}.",
    "avg_working_days_to_close": "The average number of working days taken to respond to stage 1 complaints was {value} in {year}, compared with {prev} in {prev_year} and {first} in {first_year}.",
    "upheld_pct": "In {year} {value} of stage 1 complaints closed were upheld, compared with {prev} in {prev_year} and {first} in {first_year}.",
    "beyond_stage_1": "{value} cases progressed beyond stage 1 in {year} (to stage 2, stage 3 or the Ombudsman), compared with {prev} in {prev_year} and {first} in {first_year}.",
}
NOT_RECORDED = "not recorded"


def comparison_rows(figures: metrics.AnnualFigures) -> Comparison:
    """The annual comparisons table. A figure that was neither counted nor published (None) is
    "not recorded", never 0, and a measure is compared with last year only when both were recorded."""
    rows_by_year = figures.comparison
    years = [row.year for row in rows_by_year]
    rows = []
    for key, measure, unit, points, better in MEASURES:
        values = [row.measure(key) for row in rows_by_year]
        current, previous = values[-1], values[-2]
        # As a sentence says them (a percentage with its sign) and as the table shows them (with units).
        said = [NOT_RECORDED if v is None else f"{number(v)}{'%' if points else ''}" for v in values]
        if current is None or previous is None:
            word = "not compared"
            missing = join([year for year, v in zip(years[-2:], values[-2:], strict=True) if v is None])
            verdict = f"Not compared: the figure for {missing} was not recorded."
        else:
            word = direction(previous, current, points=points)
            verdict = _verdict(word, years[-2], points=points, better=better)
        if current is None:
            sentence = f"No figure was recorded for {years[-1]}."
        else:
            sentence = SENTENCES[key].format(
                year=years[-1],
                value=said[-1],
                prev=_in_a_sentence(said[-2]),
                prev_year=years[-2],
                first=_in_a_sentence(said[0]),
                first_year=years[0],
            )
        rows.append(
            ComparisonRow(
                key=key,
                measure=measure,
                direction=word,
                heading=f"{measure} – {word}",
                sentence=sentence,
                verdict=verdict,
                values=[NOT_RECORDED if v is None else f"{number(v)}{unit}" for v in values],
            )
        )
    return Comparison(years=years, rows=rows)


def _in_a_sentence(said: str) -> str:
    return "no recorded figure" if said == NOT_RECORDED else said


def _verdict(word: str, previous_year: str, *, points: bool, better: str | None) -> str:
    threshold = (
        f"a change of more than {number(POINTS_THRESHOLD)} percentage points"
        if points
        else f"a change of more than {int(RELATIVE_THRESHOLD * 100)}%"
    )
    if word == "similar":
        return f"Similar to {previous_year} (only {threshold} is counted as a change)."
    moved = "more" if word == "increased" else "fewer"
    if better is None:
        return f"{moved.capitalize()} than in {previous_year} ({threshold})."
    improved = (word == "increased") == (better == "higher")
    return (
        f"Performance has {'improved' if improved else 'declined'} against this measure compared "
        f"with {previous_year} ({threshold})."
    )


def comparisons(figures: metrics.AnnualFigures, edition) -> Section:
    comparison = comparison_rows(figures)
    blocks: list = [
        Paragraph(
            f"The table compares {comparison.years[0]} to {comparison.years[-1]}. Each measure says whether "
            f"{comparison.years[-1]} increased, was similar or was fewer than {comparison.years[-2]}: a change of "
            f"more than {int(RELATIVE_THRESHOLD * 100)}% of last year's figure (more than "
            f"{number(POINTS_THRESHOLD)} percentage points for a percentage) counts as an increase or a fall; "
            "anything smaller is similar."
        ),
        comparison,
    ]
    published = [row.year for row in figures.comparison if row.source == "published"]
    if published:
        blocks.append(
            Paragraph(
                f"The figures for {join(published)} are those the council published at the time; the others "
                "are counted from the case records."
            )
        )
    if edition.comparison_commentary.strip():
        blocks += [Paragraph(p) for p in edition.comparison_commentary.split("\n\n") if p.strip()]
    return Section(4, f"Annual comparisons {comparison.years[0]} to {comparison.years[-1]}", blocks)


def _waiting(needs: str) -> Paragraph:
    return Paragraph(
        f"Waiting for text: this section {needs}. The report cannot be published until it has it."
    )


def _examples(number: int, kind: str, edition, waiting: dict[int, str], none: str) -> list:
    """A section's approved quotes; without any, what it waits for or that there is nothing to quote."""
    quotes = selectors.approved_quotes(edition, kind)
    if quotes:
        return [QuoteBlock(q.heading, q.text) for q in quotes]
    return [_waiting(waiting[number]) if number in waiting else Paragraph(none)]


def example_compliments(figures: metrics.AnnualFigures, edition, waiting: dict[int, str]) -> Section:
    label = figures.year
    blocks: list = [
        Paragraph(
            f"Children's Services received {plural(figures.feedback.compliments, 'compliment')} in {label}. "
            "Examples of the compliments recorded are shown below."
        )
    ]
    blocks += _examples(
        5, QuoteKind.COMPLIMENT, edition, waiting, f"No compliments were recorded in {label}."
    )
    return Section(5, "Example compliments", blocks)


def example_complaints(figures: metrics.AnnualFigures, edition, waiting: dict[int, str]) -> Section:
    label = figures.year
    c = figures.complaints
    blocks: list = [
        Paragraph(
            f"Children's Services received {plural(c.cases, 'complaint')} and carried out "
            f"{plural(c.investigations, 'stage 1 complaint investigation')} during {label}. Some example complaints are "
            "included to illustrate the way complaints are received and the nature of the issues raised. All have "
            "been anonymised and personal details removed; wording may have been changed very slightly to ensure "
            "anonymity, without altering the point being made. Not all of the examples were upheld after investigation."
        )
    ]
    blocks += _examples(6, QuoteKind.COMPLAINT, edition, waiting, f"No complaints were recorded in {label}.")
    return Section(6, "Example complaints", blocks)


def learning(figures: metrics.AnnualFigures, ctx: panels.Context, edition) -> Section:
    label = figures.year
    lrn = figures.learning
    blocks: list = [
        Paragraph(
            f"Children's Services recorded learning and/or actions against {plural(lrn.cases_with_learning, 'case')} "
            f"({percent(lrn.cases_with_learning_pct)}) of the {plural(lrn.upheld_or_partial_cases, 'closed case')} "
            f"that were upheld or partially upheld in {label}. Learning and actions should be recorded when a case is "
            "upheld or partially upheld and some fault is found; for many cases not upheld there is no learning or "
            "action to implement."
        ),
        Figure(panels.learning_summary(figures, ctx)),
    ]
    if lrn.learning_by_category:
        blocks.append(
            Paragraph(
                f"Of the learning points recorded in {label}, "
                + join(
                    [
                        f"{percent(share)} related to {name.lower()}"
                        for name, share in list(lrn.learning_pct_by_category.items())[:2]
                    ]
                )
                + "."
            )
        )
    blocks.append(Figure(panels.learning_by_category(figures, ctx, "learning")))
    if lrn.actions_by_category:
        blocks.append(
            Paragraph(
                "Very few complaints needed follow-up actions. Of the actions recorded, the most common were "
                + join(
                    [
                        f"‘{name}’ ({percent(share)})"
                        for name, share in list(lrn.actions_pct_by_category.items())[:2]
                    ]
                )
                + "."
            )
        )
    blocks.append(Figure(panels.learning_by_category(figures, ctx, "actions")))
    if edition.learning_commentary.strip():
        blocks += [Paragraph(p) for p in edition.learning_commentary.split("\n\n") if p.strip()]
    return Section(7, "Learning and actions", blocks)


def example_learning(figures: metrics.AnnualFigures, edition, waiting: dict[int, str]) -> Section:
    blocks: list = [
        Paragraph(
            "Each quarter the council reviews the customer feedback recorded, so that learning is used to make "
            "improvements. Some examples of learning are below. They may appear out of context because they are "
            "given without the original complaint, but they show how the council responds to complaints without "
            "sharing confidential information."
        )
    ]
    blocks += _examples(
        8,
        QuoteKind.LEARNING,
        edition,
        waiting,
        f"No learning was recorded on complaints closed in {figures.year}.",
    )
    return Section(8, "Examples of learning and actions", blocks)


def progress(year: int, edition: ReportEdition, waiting: dict[int, str]) -> Section:
    """Last year's recommendations, as tracked since: each one's status and latest progress."""
    previous = metrics.reporting_year_label(year - 1)
    rows = selectors.progress_update(edition)
    if not rows:
        return Section(9, "Progress update", [Paragraph(f"No recommendations were made for {previous}.")])
    blocks: list = [
        Paragraph(f"Progress since the recommendations made in {previous} is summarised below."),
        ProgressTable(
            [
                (
                    recommendation.short_name,
                    note.get_status_display() if note else "Not reported",
                    note.text if note else "Progress not yet written.",
                )
                for recommendation, note in rows
            ],
            previous,
        ),
    ]
    if 9 in waiting:
        blocks.append(_waiting(waiting[9]))
    return Section(9, "Progress update", blocks)


def recommendations(year: int, edition: ReportEdition, waiting: dict[int, str]) -> Section:
    following = metrics.reporting_year_label(year + 1)
    intro = edition.recommendations_introduction.strip()
    blocks: list = [Paragraph(p) for p in intro.split("\n\n") if p.strip()]
    texts = [r.text for r in edition.recommendations.all()] if edition.pk else []
    if texts:
        blocks += [Paragraph(f"Recommendations for {following} are:"), NumberedList(texts)]
    else:
        blocks.append(_waiting(waiting.get(10, f"needs the recommendations for {following}")))
    return Section(10, "Actions and recommendations", blocks)


def build_report(year: int, *, figures: metrics.AnnualFigures | None = None) -> Report:
    """The whole report for reporting year `year`."""
    figures = figures if figures is not None else metrics.annual_report(year)
    start, end = reporting_year_period(year)
    edition = selectors.edition_for(year) or ReportEdition(year=year)
    waiting = {} if edition.is_published else selectors.sections_waiting(edition)
    area_ids, team_ids = selectors.name_ids()
    ctx = panels.Context(start=start, end=end, service_area_ids=area_ids, team_ids=team_ids)
    timescales = selectors.stage_1_timescales(on=end)
    label = figures.year
    return Report(
        year=year,
        label=label,
        title="Customer Feedback Annual Report",
        subtitle="Children's Services",
        council=settings.COUNCIL_NAME,
        team=settings.COUNCIL_TEAM_NAME,
        status=edition.status,
        published_on=edition.published_at.date() if edition.published_at else None,
        sections=[
            introduction(label, start, end, edition),
            procedures(start, end),
            feedback(figures, ctx, timescales, edition),
            comparisons(figures, edition),
            example_compliments(figures, edition, waiting),
            example_complaints(figures, edition, waiting),
            learning(figures, ctx, edition),
            example_learning(figures, edition, waiting),
            progress(year, edition, waiting),
            recommendations(year, edition, waiting),
        ],
        waiting=waiting,
    )
