"""Charts drawn on the server with matplotlib (Agg): SVG for web pages, PNG for PDF and Word.

A chart is described by a `Chart` value (its data, nothing else), so that the same description is
drawn for every format and a drawing can be cached by its description.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, cast

from django.core.cache import cache

from heard.reporting.metrics import KEPT_SECONDS

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@lru_cache(maxsize=1)
def _matplotlib() -> None:
    """Load matplotlib (Agg) and set its defaults, on the first drawing: a report whose charts
    are kept (`png`) never pays for its import."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rcParams

    rcParams["svg.fonttype"] = "none"  # text stays text: smaller files, readable by search and tests
    rcParams["svg.hashsalt"] = "heard"  # stable ids, so that the same chart gives the same file
    rcParams["font.family"] = ["Liberation Sans", "DejaVu Sans", "sans-serif"]
    rcParams["font.size"] = 9


# GOV.UK Design System colours, in an order that keeps neighbours distinguishable.
COLOURS = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#28a197", "#912b88"]
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
# Drawn at the size they are printed: 16 cm, the text width of an A4 page with 2 cm margins, so
# that 9-point labels print at 9 points.
WIDTH_INCHES = 16 / 2.54
# Room above the tallest bar or mark, so that neither touches the edge of the plot.
HEADROOM = 1.12


@dataclass(frozen=True)
class Chart:
    """What to draw. `kind` is "bar" (columns), "barh" (horizontal bars, for long labels),
    "stacked" (horizontal bars, one segment per series) or "line". `marks` are reference values,
    one per label (e.g. the timescale beside an average), drawn as a short line across each bar.
    `category_label` and `value_label` title the two axes; without a `value_label`, a chart of one
    series titles its value axis with the series' name."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    kind: str = "bar"
    value_label: str = ""
    marks: tuple[float | None, ...] = ()
    marks_label: str = ""
    category_label: str = ""

    @property
    def value_title(self) -> str:
        if self.value_label:
            return self.value_label
        return self.series[0][0] if len(self.series) == 1 else ""

    @property
    def is_empty(self) -> bool:
        return not self.labels or not any(v for _, values in self.series for v in values)


def _figure(chart: Chart, width: float = WIDTH_INCHES) -> "Figure":
    _matplotlib()
    from matplotlib.figure import Figure

    n = max(len(chart.labels), 1)
    horizontal = chart.kind in {"barh", "stacked"}
    height = max(2.2, 0.32 * n + 1.0) if horizontal else 3.0
    figure = Figure(figsize=(width, min(height, 9.0)))
    ax = figure.add_subplot()
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    positions = list(range(len(chart.labels)))
    if chart.kind == "line":
        for i, (name, values) in enumerate(chart.series):
            ax.plot(positions, values, marker="o", color=COLOURS[i % len(COLOURS)], label=name)
        ax.set_xticks(positions, chart.labels, rotation=45 if n > 6 else 0, ha="right" if n > 6 else "center")
        _value_axis(ax.yaxis)
        ax.grid(axis="y", color=GRID, linewidth=0.5)
        ax.set_ylim(bottom=0)
        ax.set_xlabel(chart.category_label)
        ax.set_ylabel(chart.value_title)
    elif horizontal:
        lefts = [0.0] * len(chart.labels)
        count = len(chart.series)
        height_each = 0.8 if chart.kind == "stacked" else 0.8 / count
        for i, (name, values) in enumerate(chart.series):
            ys: list[float]
            if chart.kind == "stacked":
                ys = [float(p) for p in positions]
            else:
                ys = [p - 0.4 + height_each * (i + 0.5) for p in positions]
            bars = ax.barh(
                ys,
                values,
                height=height_each,
                left=lefts if chart.kind == "stacked" else 0,
                color=COLOURS[i % len(COLOURS)],
                label=name,
            )
            if chart.kind != "stacked" or count == 1:
                ax.bar_label(bars, labels=[_number(v) for v in values], padding=2, color=TEXT, fontsize=8)
            if chart.kind == "stacked":
                lefts = [a + b for a, b in zip(lefts, values, strict=True)]
        if chart.kind == "stacked" and count > 1:
            for y, total in zip(positions, lefts, strict=True):
                ax.text(total, y, f" {_number(total)}", va="center", color=TEXT, fontsize=8)
        ax.set_yticks(positions, chart.labels)
        ax.invert_yaxis()
        _value_axis(ax.xaxis)
        ax.grid(axis="x", color=GRID, linewidth=0.5)
        _marks(ax, chart, positions, vertical=False)
        ax.set_xlim(0, _top(chart))
        ax.set_xlabel(chart.value_title)
        ax.set_ylabel(chart.category_label)
    else:
        count = len(chart.series)
        width = 0.8 / count
        for i, (name, values) in enumerate(chart.series):
            xs = [p - 0.4 + width * (i + 0.5) for p in positions]
            bars = ax.bar(xs, values, width=width, color=COLOURS[i % len(COLOURS)], label=name)
            if chart.marks:  # the marks cross the tops of the bars: label inside them, on white
                ax.bar_label(
                    bars,
                    labels=[_number(v) for v in values],
                    label_type="center",
                    color=TEXT,
                    fontsize=9,
                    bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"},
                )
            else:
                ax.bar_label(bars, labels=[_number(v) for v in values], padding=2, color=TEXT, fontsize=8)
        rotate = n > 6 or max((len(label) for label in chart.labels), default=0) > 14
        ax.set_xticks(
            positions, chart.labels, rotation=40 if rotate else 0, ha="right" if rotate else "center"
        )
        _value_axis(ax.yaxis)
        ax.grid(axis="y", color=GRID, linewidth=0.5)
        _marks(ax, chart, positions, vertical=True)
        ax.set_ylim(0, _top(chart))
        ax.set_xlabel(chart.category_label)
        ax.set_ylabel(chart.value_title)
    legend = len(chart.series) > 1 or bool(chart.marks)
    if legend:
        # Below the plot, so that it never covers a bar.
        figure.legend(frameon=False, fontsize=8, loc="lower center", ncols=3)
    _margins(figure, chart, legend=legend)
    if chart.is_empty:
        ax.text(0.5, 0.5, "Nothing recorded", transform=ax.transAxes, ha="center", va="center", color=TEXT)
    return figure


def _top(chart: Chart) -> float:
    """The end of the value axis: past the longest bar (or stack) and every mark, with room for
    the labels at the bars' ends."""
    if chart.kind == "stacked":
        bars = [sum(values) for values in zip(*(values for _, values in chart.series), strict=True)]
    else:
        bars = [v for _, values in chart.series for v in values]
    highest = max([*bars, *(m for m in chart.marks if m is not None)], default=0)
    return max(highest * HEADROOM, 1)


CHAR_INCHES = 0.068  # the width of an average character at 9 points
TITLE_INCHES = 0.25  # an axis title's line


def _margins(figure: "Figure", chart: Chart, *, legend: bool) -> None:
    """Room for the labels and the legend, worked out from their length (cheaper than a layout
    engine, which would draw each chart twice)."""
    width, height = figure.get_size_inches()
    longest = max((len(label) for label in chart.labels), default=1)
    left, bottom = 0.45, 0.4  # inches: tick labels of numbers
    if chart.kind in {"barh", "stacked"}:
        left = min(0.2 + CHAR_INCHES * longest, width * 0.5)
        if chart.category_label:
            left += TITLE_INCHES
        if chart.value_title:
            bottom += TITLE_INCHES
    else:
        rotate = len(chart.labels) > 6 or (chart.kind != "line" and longest > 14)
        if rotate:
            bottom = min(0.25 + CHAR_INCHES * longest * 0.65, height * 0.45)
        if chart.category_label:
            bottom += TITLE_INCHES
        if chart.value_title:
            left += TITLE_INCHES
    if legend:
        bottom += 0.3
    figure.subplots_adjust(
        left=left / width, right=1 - 0.35 / width, bottom=bottom / height, top=1 - 0.15 / height
    )


def _marks(ax, chart: Chart, positions: list[int], *, vertical: bool) -> None:
    first = True
    for position, mark in zip(positions, chart.marks, strict=False):
        if mark is None:
            continue
        label = chart.marks_label if first else None
        first = False
        if vertical:
            ax.hlines(mark, position - 0.45, position + 0.45, colors=TEXT, linestyles="dashed", label=label)
        else:
            ax.vlines(mark, position - 0.45, position + 0.45, colors=TEXT, linestyles="dashed", label=label)


def _number(value: float) -> str:
    """As the report prints figures: 1,234 and 27.5."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _value_axis(axis) -> None:
    """Whole-number ticks, at most six of them, with thousands separated: 20,000 not 20000."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


KIND_NAMES = {"bar": "Bar chart", "barh": "Bar chart", "stacked": "Stacked bar chart", "line": "Line chart"}
DESCRIBED_AT_MOST = 8  # bars named in a description; the table beside the chart names them all


def describe(chart: Chart) -> str:
    """What the chart shows, in words, for its alternative text: its kind, its title and its
    figures (the first few when there are many), and what its marks stand for."""
    said = f"{chart.title}, a {KIND_NAMES.get(chart.kind, 'chart').lower()}"
    if chart.is_empty:
        return f"{said}: nothing recorded."
    if len(chart.series) > 1:
        said += f" of {_join([name.lower() for name, _ in chart.series])}, with the total for each"
    totals = [sum(values) for values in zip(*(values for _, values in chart.series), strict=True)]
    figures = [f"{label} {_number(total)}" for label, total in zip(chart.labels, totals, strict=True)]
    if len(figures) > DESCRIBED_AT_MOST:
        more = len(figures) - DESCRIBED_AT_MOST
        figures = figures[:DESCRIBED_AT_MOST] + [f"{more} more in the table"]
    said += f": {_join(figures)}."
    marks = [
        f"{label} {_number(mark)}"
        for label, mark in zip(chart.labels, chart.marks, strict=False)
        if mark is not None
    ]
    if marks:
        said += f" A dashed line marks the {chart.marks_label.lower()}: {_join(marks)}."
    return said


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@lru_cache(maxsize=512)
def svg(chart: Chart, *, prefix: str = "chart", width: float = WIDTH_INCHES) -> str:
    """The chart as an inline <svg> element. Its ids start with `prefix`, so that several charts can
    share a page; it is labelled with its description (`describe`).
    `width` is in inches: a narrower drawing keeps its text readable in a narrow column."""
    buffer = io.StringIO()
    _figure(chart, width).savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    text = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}-\1"', text)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = re.sub(r"<title>.*?</title>", "", text, count=1, flags=re.DOTALL)
    label = describe(chart)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)


@lru_cache(maxsize=1)
def drawing_version() -> str:
    """What a drawing depends on besides its Chart: this module's code and matplotlib's version."""
    source = Path(__file__).read_bytes()
    return hashlib.sha256(source + version("matplotlib").encode()).hexdigest()[:16]


@lru_cache(maxsize=256)
def png(chart: Chart, *, dpi: int = 200) -> bytes:
    """The chart as a PNG, opaque (RGB, on white): drawn once and kept in the shared cache under its
    description, so that a report drawn again with the same figures draws no chart (ADR 0018)."""
    key = hashlib.sha256(repr((chart, dpi, drawing_version())).encode()).hexdigest()
    return cast(
        bytes, cache.get_or_set(f"reporting:chart:png:{key}", lambda: _png(chart, dpi=dpi), KEPT_SECONDS)
    )


def _png(chart: Chart, *, dpi: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    figure = _figure(chart)
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    # Without the alpha channel (every pixel is opaque): WeasyPrint then embeds one image, not an
    # image and its mask, each compressed again.
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
