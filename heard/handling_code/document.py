"""The annual complaints performance and service improvement report that the Ombudsman's Complaint
Handling Code asks for, as a `reporting.document.Report`: the same blocks, drawn by the same
renderers (HTML, PDF, Word) as the annual report.

Figures come from `metrics.code_report_figures` only; the words officers write, and their
self-assessment, from the year's `CodeEdition`. Where an officer's part is not written yet, the
report says what is waiting, so a draft shows what is left to do.
"""

from collections import Counter
from datetime import date

from django.conf import settings

from heard.calendar.periods import reporting_year_period
from heard.core.formats import long_date
from heard.handling_code import selectors
from heard.handling_code.models import CodeEdition, Compliance
from heard.reporting import charts, metrics, panels
from heard.reporting.document import (
    BulletList,
    Figure,
    Paragraph,
    Report,
    Section,
    Subheading,
    Table,
    join,
    number,
    percent,
    plural,
)

TITLE = "Annual Complaints Performance and Service Improvement Report"
PROCEDURE_NAMES = {
    "corporate": "Corporate complaints",
    "statutory": "Statutory children's social care complaints",
}
NOT_ASSESSED = "Not assessed yet"


def _paragraphs(text: str) -> list:
    return [Paragraph(p.strip()) for p in text.split("\n\n") if p.strip()]


def _count_and_pct(count: int, share: float) -> str:
    return f"{number(count)} ({percent(share)})"


def introduction(label: str, start: date, end: date, edition: CodeEdition | None) -> Section:
    council = settings.COUNCIL_NAME
    written = edition.introduction.strip() if edition else ""
    blocks = _paragraphs(written) or [
        Paragraph(
            f"This is {council}'s annual complaints performance and service improvement report for "
            f"Children's Services, for {long_date(start)} to {long_date(end)}. The Local Government and "
            "Social Care Ombudsman's Complaint Handling Code asks every council to publish such a report "
            "each year, with its self-assessment against the Code and the response of its governing body."
        )
    ]
    blocks += [
        Paragraph(
            "The report sets out how far the council met each requirement of the Code, how quickly and "
            "with what outcome complaints were answered at each stage, the Ombudsman's decisions and "
            "whether the council completed the remedies it asked for, and what the council changed "
            "because of complaints."
        ),
        Paragraph(
            "Complaints about Children's Services follow one of two procedures. The council's corporate "
            "complaints procedure, with two stages, follows the Code. Complaints about children's social "
            "care follow the statutory children's procedure set by the Children Act 1989, which the Code "
            "does not cover; their figures for stages 1 and 2 are given alongside for completeness."
        ),
        Paragraph("You can make a complaint, or get help to make one, in any of these ways:"),
        BulletList(
            [
                "speak to a member of staff",
                f"telephone {settings.COUNCIL_PHONE}",
                f"email {settings.COUNCIL_EMAIL}",
                "fill in the feedback form on the council's website",
            ]
        ),
        Paragraph(
            "If you remain dissatisfied once the council's procedure is complete, you may ask the Local "
            "Government and Social Care Ombudsman to look at your complaint."
        ),
    ]
    return Section(1, "Introduction", blocks)


def self_assessment(edition: CodeEdition | None) -> Section:
    sections = selectors.code_sections()
    assessed = selectors.assessments_by_requirement(edition)
    requirements = [r for s in sections for r in s.requirements.all()]
    counts = dict.fromkeys(Compliance.values, 0)
    for given in assessed.values():
        counts[given.compliance] += 1
    waiting = len([r for r in requirements if r.pk not in assessed])
    summary = (
        f"The council assessed its complaint handling against the {plural(len(requirements), 'requirement')} "
        f"of the Code: it complies with {number(counts[Compliance.COMPLIES])}, partly complies with "
        f"{number(counts[Compliance.PARTLY])} and does not comply with {number(counts[Compliance.DOES_NOT])}."
    )
    if waiting:
        summary += (
            f" {plural(waiting, 'requirement is', 'requirements are')} not assessed yet: "
            "this draft is waiting for their assessment."
        )
    blocks: list = [
        Paragraph(summary),
        Paragraph(
            "For each requirement (summarised in the council's words) the tables give the council's "
            "assessment, its evidence and, where it does not fully comply, what it will do to comply."
        ),
    ]
    for section in sections:
        rows = []
        for requirement in section.requirements.all():
            assessment = assessed.get(requirement.pk)
            rows.append(
                [
                    f"{requirement.reference} {requirement.summary}",
                    assessment.get_compliance_display() if assessment else NOT_ASSESSED,
                    (assessment.evidence if assessment else "") or "–",
                    (assessment.action if assessment else "") or "–",
                ]
            )
        blocks += [
            Subheading(f"{section.number}. {section.title}"),
            Table(
                f"Self-assessment: {section.number}. {section.title}",
                ["Requirement", "Compliance", "Evidence", "Action to comply"],
                rows,
            ),
        ]
    return Section(2, "Self-assessment against the Complaint Handling Code", blocks)


def _stage_sentence(stage: metrics.StagePerformance) -> str:
    if not stage.received and not stage.responded:
        return f"At stage {stage.stage}, no complaint was received or answered."
    sentence = (
        f"At stage {stage.stage}, {plural(stage.received, 'complaint was', 'complaints were')} received and "
        f"{plural(stage.responded, 'was', 'were')} answered"
    )
    if not stage.responded:
        return sentence + "."
    return (
        sentence
        + f": {_count_and_pct(stage.within_timescale, stage.within_timescale_pct)} within the timescale, "
        f"{_count_and_pct(stage.extended, stage.extended_pct)} after an extension. Of the answers, "
        f"{_count_and_pct(stage.upheld, stage.upheld_pct)} upheld the complaint, "
        f"{_count_and_pct(stage.partly_upheld, stage.partly_upheld_pct)} partly upheld it and "
        f"{_count_and_pct(stage.not_upheld, stage.not_upheld_pct)} did not uphold it."
    )


def _stage_panel(procedure: str, stages: list[metrics.StagePerformance]) -> panels.Panel:
    measures = [
        ("Received", lambda s: s.received),
        ("Answered", lambda s: s.responded),
        (
            "Answered within the timescale",
            lambda s: _count_and_pct(s.within_timescale, s.within_timescale_pct),
        ),
        ("Extended", lambda s: _count_and_pct(s.extended, s.extended_pct)),
        ("Upheld", lambda s: _count_and_pct(s.upheld, s.upheld_pct)),
        ("Partly upheld", lambda s: _count_and_pct(s.partly_upheld, s.partly_upheld_pct)),
        ("Not upheld", lambda s: _count_and_pct(s.not_upheld, s.not_upheld_pct)),
    ]
    return panels.Panel(
        f"code_{procedure}",
        f"{PROCEDURE_NAMES[procedure]} by stage",
        ["Measure", *(f"Stage {s.stage}" for s in stages)],
        [panels.Row(name, [panels.Cell(value(s)) for s in stages]) for name, value in measures],
    )


def _timeliness_panel(stages: tuple[metrics.StagePerformance, ...]) -> panels.Panel:
    names = [f"{PROCEDURE_NAMES[s.procedure].split()[0]} stage {s.stage}" for s in stages]
    return panels.Panel(
        "code_timeliness",
        "Complaints answered within the timescale",
        ["Procedure and stage", "Answered", "Within the timescale", "%"],
        [
            panels.Row(
                name,
                [
                    panels.Cell(s.responded),
                    panels.Cell(s.within_timescale),
                    panels.Cell(s.within_timescale_pct),
                ],
            )
            for name, s in zip(names, stages, strict=True)
        ],
        charts.Chart(
            "Complaints answered within the timescale (%)",
            tuple(names),
            (("% within the timescale", tuple(s.within_timescale_pct for s in stages)),),
            kind="barh",
            value_label="%",
        ),
    )


def performance(figures: metrics.CodeFigures) -> Section:
    blocks: list = [
        Paragraph(
            f"The figures count complaint investigations at each stage in {figures.year}: those whose "
            "stage started in the year (received) and those answered in the year (answered; a withdrawn "
            "complaint is not an answer). An answer is within the timescale when it was sent by its due "
            "date under the procedure in force when the complaint was received, or by the extended date "
            "where the timescale was extended. Percentages are of the complaints answered."
        ),
        Figure(_timeliness_panel(figures.stages)),
    ]
    for procedure in ("corporate", "statutory"):
        stages = [s for s in figures.stages if s.procedure == procedure]
        blocks += [
            Subheading(PROCEDURE_NAMES[procedure]),
            Paragraph(" ".join(_stage_sentence(s) for s in stages)),
            Figure(_stage_panel(procedure, stages)),
        ]
    return Section(3, "Complaint handling performance", blocks)


def ombudsman(figures: metrics.CodeFigures) -> Section:
    o = figures.ombudsman
    decisions = [(label, o.decisions.get(key, 0)) for key, label in panels.DECISIONS]
    if o.decided:
        said = join([f"{number(n)} {label.lower()}" for label, n in decisions if n])
        text = (
            f"The Ombudsman made {plural(o.decided, 'decision')} on complaints about Children's Services in "
            f"{figures.year}: {said}. It upheld {percent(o.upheld_pct)} of the complaints it decided."
        )
    else:
        text = f"The Ombudsman made no decision on a complaint about Children's Services in {figures.year}."
    blocks: list = [
        Paragraph(text),
        Figure(
            panels.Panel(
                "code_ombudsman",
                "The Ombudsman's decisions",
                ["Decision", "Decisions"],
                [panels.Row(label, [panels.Cell(n)]) for label, n in decisions]
                + [panels.Row("All decisions", [panels.Cell(o.decided)])],
            )
        ),
    ]
    if o.with_remedy:
        late = o.remedies_completed - o.remedies_completed_by_due_date
        text = (
            f"In {plural(o.with_remedy, 'decision')} ({percent(o.with_remedy_pct)} of its decisions) the "
            f"Ombudsman asked the council to put things right. "
            f"{_count_and_pct(o.remedies_completed_by_due_date, o.remedies_completed_by_due_date_pct)} of these "
            f"remedies were completed by the date the Ombudsman set, {number(late)} later"
            f" and {number(o.remedies_outstanding)} {'is' if o.remedies_outstanding == 1 else 'are'} not completed yet."
        )
    else:
        text = "The Ombudsman asked for no remedy in its decisions this year."
    blocks += [
        Subheading("Remedies"),
        Paragraph(text),
        Figure(
            panels.Panel(
                "code_remedies",
                "Compliance with the Ombudsman's remedies",
                ["Measure", "Number"],
                [
                    panels.Row("Decisions with a remedy", [panels.Cell(o.with_remedy)]),
                    panels.Row("Remedies completed", [panels.Cell(o.remedies_completed)]),
                    panels.Row(
                        "Completed by the date the Ombudsman set",
                        [
                            panels.Cell(
                                _count_and_pct(
                                    o.remedies_completed_by_due_date, o.remedies_completed_by_due_date_pct
                                )
                            )
                        ],
                    ),
                    panels.Row("Not completed yet", [panels.Cell(o.remedies_outstanding)]),
                ],
            )
        ),
    ]
    return Section(4, "The Ombudsman's decisions and remedies", blocks)


def improvements(year: int, label: str, edition: CodeEdition | None) -> Section:
    blocks = _paragraphs(edition.improvements if edition else "") or [
        Paragraph(
            "The account of the service improvements made from complaints this year is not written yet."
        )
    ]
    # Counted by area only: what was done is written about a case, and the public report prints
    # no case's words unless an officer has approved them (the officers' account above does that).
    by_area = Counter(d.category for d in selectors.improvements_completed(year))
    blocks.append(Subheading("Actions completed from complaints"))
    if by_area:
        total = by_area.total()
        blocks += [
            Paragraph(
                f"{plural(total, 'action')} agreed when a complaint was upheld or partly upheld "
                f"{'was' if total == 1 else 'were'} completed in {label}:"
            ),
            Table(
                f"Actions from complaints completed in {label}, by area",
                ["Area", "Actions completed"],
                [[area, number(n)] for area, n in by_area.most_common()],
            ),
        ]
    else:
        blocks.append(Paragraph(f"No action agreed from a complaint was completed in {label}."))
    return Section(5, "Service improvements from complaints", blocks)


def governing_body(edition: CodeEdition | None) -> Section:
    blocks = _paragraphs(edition.governing_body_response if edition else "")
    if not blocks:
        blocks = [
            Paragraph(
                "The governing body's response is not recorded yet: it is added here once the governing "
                "body has considered this report."
            )
        ]
    elif edition and edition.governing_body_response_on:
        blocks.append(
            Paragraph(
                f"The governing body gave this response on {long_date(edition.governing_body_response_on)}."
            )
        )
    else:
        blocks.append(Paragraph("The date the governing body gave this response is not recorded yet."))
    return Section(6, "The governing body's response", blocks)


def build_code_report(year: int) -> Report:
    """The Complaint Handling Code report for reporting year `year` (1 April to 31 March)."""
    figures = metrics.code_report_figures(year)
    start, end = reporting_year_period(year)
    edition = selectors.code_edition_for(year)
    return Report(
        year=year,
        label=figures.year,
        title=TITLE,
        subtitle="Children's Services",
        council=settings.COUNCIL_NAME,
        team=settings.COUNCIL_TEAM_NAME,
        status=edition.status if edition else "draft",
        published_on=edition.published_at.date() if edition and edition.published_at else None,
        sections=[
            introduction(figures.year, start, end, edition),
            self_assessment(edition),
            performance(figures),
            ombudsman(figures),
            improvements(year, figures.year, edition),
            governing_body(edition),
        ],
    )
