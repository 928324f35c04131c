"""Dashboards, the annual report's downloads and the pages where officers write its words.

Complaints officers and senior managers (and administrators) see these pages; anyone else gets a
404, as if they were not there. Only complaints officers and administrators change the report.
"""

import csv
import datetime
import hashlib
import io
import json
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView, View

from heard.accounts.access import StaffRequiredMixin
from heard.accounts.models import Role
from heard.audit.models import AccessAction
from heard.audit.services import access_record
from heard.cases.models import Case, Learning, ServiceArea
from heard.core.errors import RuleBroken
from heard.reporting import charts, metrics, panels, quarterly, selectors, services
from heard.reporting.forms import (
    EditionForm,
    PeriodForm,
    ProgressNoteForm,
    QuoteForm,
    RecommendationForm,
)
from heard.reporting.models import Quote, QuoteKind, Recommendation, ReportEdition
from heard.reporting.renderers import CONTENT_TYPES, report_bytes
from heard.reporting.spreadsheets import panels_workbook

WRITERS = {Role.COMPLAINTS_OFFICER}


def may_read_reports(user) -> bool:
    return user.is_authenticated and user.reads_reports


def may_write_reports(user) -> bool:
    return user.is_authenticated and user.role in WRITERS


def case_list_link(**filters) -> str:
    try:
        base = reverse("cases:list")
    except NoReverseMatch:
        base = "/staff/cases/"
    query = {key: value for key, value in filters.items() if value not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


class ReportingMixin(StaffRequiredMixin):
    nav_section = "reporting"
    request: HttpRequest
    kwargs: dict

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_read_reports(request.user):
            raise Http404("No such page")
        if (
            request.user.is_authenticated
            and request.method not in ("GET", "HEAD")
            and not may_write_reports(request.user)
        ):
            return HttpResponseForbidden("Only complaints officers change the reports.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]  # the view's own, after this mixin
        context["nav_section"] = self.nav_section
        context["may_write"] = may_write_reports(self.request.user)
        return context


# --- Dashboard -----------------------------------------------------------------------------------


def _period_form(request) -> PeriodForm:
    years = selectors.reporting_years(today=timezone.localdate())
    data = request.GET.copy()
    data.setdefault("year", str(years[0]))
    form = PeriodForm(data, years=years)
    if not form.is_valid():
        raise Http404("No such period")
    return form


FIGURES_CACHE_SECONDS = 60 * 60
DASHBOARD_CHART_INCHES = 4.8  # half the page's width at about its own size, so the text stays legible
# A dashboard counts its figures at most this often; "Count again now" counts them at once.
DASHBOARD_FRESH_SECONDS = getattr(settings, "HEARD_DASHBOARD_FRESH_SECONDS", 5 * 60)


def _figures_key(token: str) -> str:
    return f"reporting:dashboard-figures:{token}"


def _scope_key(scope: list) -> str:
    return "reporting:dashboard-scope:" + ":".join(str(part) for part in scope)


def dashboard_panels(
    form: PeriodForm, *, token: str = "", fresh: bool = False
) -> tuple[selectors.Period, ServiceArea | None, list[panels.Panel], str, datetime.datetime]:
    """The dashboard's panels for the chosen period and area, a token naming their figures and
    when they were counted.

    Figures for a period and area are counted at most every DASHBOARD_FRESH_SECONDS (unless
    `fresh`), and kept under a token; the page's chart images and downloads name the token, so that
    they show exactly the page's figures without counting again."""
    period = form.period()
    area = form.cleaned_data.get("service_area")
    scope = [period.start.isoformat(), period.end.isoformat(), area.pk if area else None]
    cached = None
    if token:
        cached = cache.get(_figures_key(token))
    elif not fresh:
        latest = cache.get(_scope_key(scope))
        cached = cache.get(_figures_key(latest)) if latest else None
        token = latest or ""
    if cached is None or cached["scope"] != scope:
        figures = metrics.period_figures(
            start=period.start, end=period.end, service_area_id=area.pk if area else None
        )
        chasing = metrics.chasing_figures(
            start=period.start, end=period.end, service_area_id=area.pk if area else None
        )
        designation_years = metrics.designation_years(period.year, today=timezone.localdate())
        quality = metrics.quality_check_figures(
            start=period.start, end=period.end, service_area_id=area.pk if area else None
        )
        counted_at = timezone.now()
        token = hashlib.sha256(
            json.dumps([scope, figures.as_json(), counted_at.isoformat()], sort_keys=True).encode()
        ).hexdigest()[:20]
        cached = {
            "scope": scope,
            "figures": figures,
            "chasing": chasing,
            "designation_years": designation_years,
            "quality": quality,
            "counted_at": counted_at,
        }
        cache.set(_figures_key(token), cached, FIGURES_CACHE_SECONDS)
        cache.set(_scope_key(scope), token, DASHBOARD_FRESH_SECONDS)
    figures = cached["figures"]
    area_ids, team_ids = selectors.name_ids()
    ctx = panels.Context(
        start=period.start,
        end=period.end,
        service_area_id=area.pk if area else None,
        service_area_ids=area_ids,
        team_ids=team_ids,
        link=case_list_link,
    )
    timescales = selectors.stage_1_timescales(on=period.end)
    found = panels.dashboard_panels(
        figures,
        ctx,
        timescales,
        cached["chasing"],
        cached.get("quality"),
        cached.get("designation_years", ()),
    )
    return period, area, found, token, cached["counted_at"]


class DashboardView(ReportingMixin, TemplateView):
    """Every panel's table on the page; each chart is an SVG image drawn by DashboardChartView."""

    template_name = "reporting/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = _period_form(self.request)
        period, area, found, token, counted_at = dashboard_panels(
            form, fresh=bool(self.request.GET.get("fresh"))
        )
        query = self.request.GET.copy()
        query["year"] = str(period.year)
        query.pop("v", None)
        query.pop("fresh", None)
        context.update(
            form=form,
            period=period,
            service_area=area,
            panels=found,
            query=query.urlencode(),
            token=token,
            counted_at=counted_at,
            fresh_minutes=DASHBOARD_FRESH_SECONDS // 60,
        )
        return context


class DashboardChartView(ReportingMixin, View):
    """One panel's chart as an SVG image (matplotlib), for the figures the page named."""

    def get(self, request, key: str):
        form = _period_form(request)
        _, _, found, token, _ = dashboard_panels(form, token=request.GET.get("v", ""))
        panel = next((p for p in found if p.key == key and p.chart is not None), None)
        if panel is None:
            raise Http404("No such chart")
        svg = charts.svg(panel.chart, prefix=key, width=DASHBOARD_CHART_INCHES)
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        # The token names the figures: the same URL always draws the same chart.
        if request.GET.get("v") == token:
            response["Cache-Control"] = "private, max-age=86400"
        return response


def _filename(period: selectors.Period, area, key: str, extension: str) -> str:
    parts = ["heard", period.year and metrics.reporting_year_label(period.year).replace("/", "-")]
    if period.quarter:
        parts.append(period.quarter)
    if area is not None:
        parts.append(f"area-{area.pk}")
    parts.append(key.replace("_", "-"))
    return "-".join(str(p) for p in parts if p) + f".{extension}"


class DashboardDownloadView(ReportingMixin, View):
    """One panel's table as CSV or Excel, or every panel as one Excel workbook (key "all")."""

    def get(self, request, key: str, extension: str):
        form = _period_form(request)
        period, area, found, _, _ = dashboard_panels(form, token=request.GET.get("v", ""))
        chosen = found if key == "all" else [p for p in found if p.key == key]
        if not chosen or (key == "all" and extension != "xlsx"):
            raise Http404("No such table")
        title = f"{period.label}" + (f", {area.name}" if area else ", all service areas")
        if extension == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerows(chosen[0].as_lists())
            response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                panels_workbook(chosen, title=title),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{_filename(period, area, key, extension)}"'
        return response


# --- The annual report ---------------------------------------------------------------------------


class ReportIndexView(ReportingMixin, TemplateView):
    template_name = "reporting/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = selectors.reporting_years(today=timezone.localdate())
        editions = {e.year: e for e in ReportEdition.objects.filter(year__in=years)}
        context["years"] = [(year, metrics.reporting_year_label(year), editions.get(year)) for year in years]
        return context


# The annual report as an HTML document carries its own styles and images and runs no script:
# nothing else may load into it.
SELF_CONTAINED_DOCUMENT: dict[str, list[str]] = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["data:"],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
}


@method_decorator(csp_override(SELF_CONTAINED_DOCUMENT), name="dispatch")
class ReportDownloadView(ReportingMixin, View):
    def get(self, request, year: str, extension: str):
        number = int(year)
        if extension not in CONTENT_TYPES:
            raise Http404("No such format")
        data = report_bytes(figures=metrics.annual_report(number), year=number, format=extension)
        response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
        label = metrics.reporting_year_label(number).replace("/", "-")
        disposition = "inline" if extension == "html" and request.GET.get("view") else "attachment"
        response["Content-Disposition"] = (
            f'{disposition}; filename="childrens-services-feedback-annual-report-{label}.{extension}"'
        )
        return response


class QuarterlyListView(ReportingMixin, TemplateView):
    """Every ended quarter's pack for each service area."""

    template_name = "reporting/quarterly.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = selectors.reporting_years(today=today)
        context.update(
            quarters=quarterly.quarters_ended(years=years, today=today),
            areas=list(ServiceArea.objects.order_by("name")),
        )
        return context


class QuarterlyPackView(ReportingMixin, View):
    """One service area's pack for one ended quarter, as Excel. It names children and families, so
    each download is in the access log and nothing keeps a copy."""

    def get(self, request, year: str, quarter: str, area: str):
        today = timezone.localdate()
        period = selectors.Period(int(year), quarter)
        if period.end >= today:
            raise Http404("That quarter has not ended")
        service_area = get_object_or_404(ServiceArea, pk=int(area))
        pack = quarterly.quarterly_pack(service_area=service_area, period=period, today=today)
        access_record(
            user=request.user,
            action=AccessAction.EXPORTED,
            what=f"Downloaded the quarterly pack for {service_area.name}, {period.label}",
            request=request,
        )
        response = HttpResponse(
            pack.content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
        response["Cache-Control"] = "no-store"
        return response


class EditionMixin(ReportingMixin):
    def edition(self) -> ReportEdition:
        year = self.kwargs["year"]
        if not 1990 <= year <= 2100:
            raise Http404("No such year")
        if self.request.method == "POST":
            return services.edition_get_or_create(year=year)
        return ReportEdition.objects.filter(year=year).first() or ReportEdition(year=year)

    def refused(self, error: RuleBroken):
        messages.error(self.request, error.message)
        return redirect("reporting:edition", year=self.kwargs["year"])


EXAMPLES_HEADINGS: dict[str, str] = {
    QuoteKind.COMPLIMENT: "Example compliments (section 5)",
    QuoteKind.COMPLAINT: "Example complaints (section 6)",
    QuoteKind.LEARNING: "Examples of learning (section 8)",
}


class EditionView(EditionMixin, TemplateView):
    template_name = "reporting/edition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = kwargs.get("edition") or self.edition()
        quotes = list(edition.quotes.select_related("case", "approved_by")) if edition.pk else []
        context.update(
            edition=edition,
            label=metrics.reporting_year_label(edition.year),
            form=kwargs.get("form") or EditionForm(instance=edition),
            quote_groups=[
                (kind, label, EXAMPLES_HEADINGS[kind], [q for q in quotes if q.kind == kind])
                for kind, label in QuoteKind.choices
            ],
            progress=selectors.progress_update(edition),
            recommendations=list(edition.recommendations.select_related("owner")) if edition.pk else [],
            waiting=[] if edition.is_published else list(selectors.sections_waiting(edition).items()),
        )
        return context

    def post(self, request, year: int):
        edition = self.edition()
        form = EditionForm(request.POST, instance=ReportEdition.objects.get(pk=edition.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(edition=edition, form=form))
        try:
            services.edition_update(
                edition=edition, **{name: form.cleaned_data[name] for name in form.fields}
            )
        except RuleBroken as error:
            return self.refused(error)
        messages.success(request, "The report's words were saved.")
        return redirect("reporting:edition", year=year)


def publish_or_unpublish(request, edition, *, publish: Callable[..., object]) -> None:
    """The publish form of a yearly report's page (this one's, the Code report's): publish the
    edition with its own checks, or return it to draft. A refusal raises RuleBroken."""
    if request.POST.get("action") == "unpublish":
        services.edition_unpublish(edition=edition)
        messages.success(request, f"The {edition.label} report is a draft again.")
    else:
        publish(edition=edition, actor=request.user)
        messages.success(request, f"The {edition.label} report is published.")


class EditionPublishView(EditionMixin, View):
    def post(self, request, year: int):
        try:
            publish_or_unpublish(request, self.edition(), publish=services.edition_publish)
        except RuleBroken as error:
            return self.refused(error)
        return redirect("reporting:edition", year=year)


class QuoteAddView(EditionMixin, TemplateView):
    template_name = "reporting/quote_add.html"

    def kind(self) -> str:
        kind = self.kwargs["kind"]
        if kind not in QuoteKind.values:
            raise Http404("No such kind of quote")
        return kind

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kind()
        search = self.request.GET.get("q", "").strip()
        candidates = selectors.quote_candidates(year=self.kwargs["year"], kind=kind, search=search)
        context.update(
            kind=kind,
            kind_label=QuoteKind(kind).label,
            label=metrics.reporting_year_label(self.kwargs["year"]),
            year=self.kwargs["year"],
            search=search,
            candidates=list(candidates[:50]),
            more=candidates[50:51].exists() if hasattr(candidates, "exists") else False,
        )
        return context

    def post(self, request, year: int, kind: str):
        kind = self.kind()
        edition = self.edition()
        try:
            if kind == QuoteKind.LEARNING:
                learning = get_object_or_404(Learning, pk=request.POST.get("learning"))
                quote = services.quote_add(edition=edition, kind=kind, case=learning.case, learning=learning)
            else:
                case = get_object_or_404(Case, pk=request.POST.get("case"))
                quote = services.quote_add(edition=edition, kind=kind, case=case)
        except RuleBroken as error:
            return self.refused(error)
        messages.success(
            request, "Heard has proposed redactions: read the quote, change it if needed, then approve it."
        )
        return redirect("reporting:quote", year=year, pk=quote.pk)


class QuoteView(EditionMixin, TemplateView):
    template_name = "reporting/quote.html"

    def quote(self) -> Quote:
        return get_object_or_404(
            Quote.objects.select_related("edition", "case", "learning", "approved_by"),
            pk=self.kwargs["pk"],
            edition__year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quote = kwargs.get("quote") or self.quote()
        proposal = services.quote_proposal(quote=quote)
        context.update(
            quote=quote,
            label=quote.edition.label,
            proposal=proposal,
            source=(quote.learning.detail if quote.learning else (quote.case.details or quote.case.summary)),
            form=kwargs.get("form")
            or QuoteForm(initial={"heading": quote.heading, "text": quote.text, "position": quote.position}),
        )
        return context

    def post(self, request, year: int, pk: int):
        quote = self.quote()
        action = request.POST.get("action", "save")
        try:
            if action == "delete":
                services.quote_delete(quote=quote)
                messages.success(request, "The quote was removed from the report.")
                return redirect("reporting:edition", year=year)
            if action == "withdraw":
                services.quote_withdraw_approval(quote=quote)
                messages.success(request, "Approval withdrawn: the quote will not appear in the report.")
                return redirect("reporting:quote", year=year, pk=pk)
            form = QuoteForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(quote=quote, form=form))
            services.quote_update(
                quote=quote,
                text=form.cleaned_data["text"],
                heading=form.cleaned_data["heading"],
                position=form.cleaned_data.get("position"),
            )
            if action == "approve":
                services.quote_approve(quote=quote, actor=request.user)
                messages.success(request, "Quote approved: it will appear in the report.")
                return redirect("reporting:edition", year=year)
        except RuleBroken as error:
            return self.refused(error)
        messages.success(request, "Quote saved. It appears in the report only once approved.")
        return redirect("reporting:quote", year=year, pk=pk)


class RecommendationAddView(EditionMixin, TemplateView):
    template_name = "reporting/recommendation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        context.update(
            label=metrics.reporting_year_label(year),
            next_label=metrics.reporting_year_label(year + 1),
            year=year,
            form=kwargs.get("form") or RecommendationForm(),
        )
        return context

    def post(self, request, year: int):
        form = RecommendationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            services.recommendation_add(
                edition=self.edition(),
                text=data["text"],
                title=data["title"],
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except RuleBroken as error:
            return self.refused(error)
        messages.success(request, "Recommendation added.")
        return redirect("reporting:edition", year=year)


class RecommendationView(EditionMixin, TemplateView):
    """One recommendation: its words while the report is a draft, its owner and due date, and its
    progress notes, which go on being written after the report is published."""

    template_name = "reporting/recommendation.html"

    def recommendation(self) -> Recommendation:
        return get_object_or_404(
            Recommendation.objects.select_related("edition", "owner"),
            pk=self.kwargs["pk"],
            edition__year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.recommendation()
        frozen = recommendation.edition.is_published
        year = self.kwargs["year"]
        context.update(
            recommendation=recommendation,
            notes=list(recommendation.notes.select_related("written_by").order_by("-written_at", "-id")),
            label=metrics.reporting_year_label(year),
            next_label=metrics.reporting_year_label(year + 1),
            year=year,
            words_frozen=frozen,
            form=kwargs.get("form")
            or RecommendationForm(
                words_frozen=frozen,
                initial={
                    "text": recommendation.text,
                    "title": recommendation.title,
                    "owner": recommendation.owner,
                    "due_on": recommendation.due_on,
                    "position": recommendation.position,
                },
            ),
            note_form=kwargs.get("note_form")
            or ProgressNoteForm(prefix="progress", initial={"status": recommendation.status}),
        )
        return context

    def post(self, request, year: int, pk: int):
        recommendation = self.recommendation()
        action = request.POST.get("action", "save")
        try:
            if action == "delete":
                services.recommendation_delete(recommendation=recommendation)
                messages.success(request, "The recommendation was removed from the report.")
                return redirect("reporting:edition", year=year)
            if action == "progress":
                note_form = ProgressNoteForm(request.POST, prefix="progress")
                if not note_form.is_valid():
                    return self.render_to_response(self.get_context_data(note_form=note_form))
                services.progress_note_add(
                    recommendation=recommendation,
                    status=note_form.cleaned_data["status"],
                    text=note_form.cleaned_data["text"],
                    actor=request.user,
                )
                messages.success(request, "Progress recorded.")
                return redirect("reporting:recommendation", year=year, pk=pk)
            form = RecommendationForm(
                request.POST,
                words_frozen=recommendation.edition.is_published,
                initial={
                    "text": recommendation.text,
                    "title": recommendation.title,
                    "position": recommendation.position,
                },
            )
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            data = form.cleaned_data
            services.recommendation_update(
                recommendation=recommendation,
                text=data["text"],
                title=data["title"],
                owner=data["owner"],
                due_on=data["due_on"],
                position=data.get("position"),
            )
        except RuleBroken as error:
            return self.refused(error)
        messages.success(request, "Recommendation saved.")
        return redirect("reporting:recommendation", year=year, pk=pk)
