"""The staff pages of the Complaint Handling Code report, under /staff/reports/code/<year>/.

The same people as the annual report's: complaints officers and senior managers read (anyone else
gets a 404); only complaints officers change, assess and publish (reporting.views.ReportingMixin).
The report holds no case data, so nothing here goes in the access log.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView, View

from heard.core.errors import RuleBroken
from heard.handling_code import selectors, services
from heard.handling_code.document import build_code_report
from heard.handling_code.forms import AssessmentForm, CodeEditionForm
from heard.handling_code.models import CodeEdition, CodeSection
from heard.reporting.metrics import reporting_year_label
from heard.reporting.renderers import CONTENT_TYPES, render_report
from heard.reporting.views import SELF_CONTAINED_DOCUMENT, ReportingMixin, publish_or_unpublish


class CodeEditionMixin(ReportingMixin):
    def edition(self) -> CodeEdition:
        year = self.kwargs["year"]
        if not 1990 <= year <= 2100:
            raise Http404("No such year")
        if self.request.method == "POST":
            return services.code_edition_get_or_create(year=year)
        return selectors.code_edition_for(year) or CodeEdition(year=year)

    def refused(self, error: RuleBroken):
        messages.error(self.request, error.message)
        return redirect("handling_code:edition", year=self.kwargs["year"])


class CodeEditionView(CodeEditionMixin, TemplateView):
    """The year's Code report: its state, the self-assessment by section, the officers' words."""

    template_name = "handling_code/edition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = kwargs.get("edition") or self.edition()
        assessed = selectors.assessments_by_requirement(edition)
        sections = [
            (
                section,
                len([r for r in section.requirements.all() if r.pk in assessed]),
                len(section.requirements.all()),
            )
            for section in selectors.code_sections()
        ]
        context.update(
            edition=edition,
            sections=sections,
            form=kwargs.get("form") or CodeEditionForm(instance=edition),
            missing=services.publishing_missing(edition),
            improvements=selectors.improvements_completed(edition.year),
        )
        return context

    def post(self, request, year: int):
        edition = self.edition()
        form = CodeEditionForm(request.POST, instance=CodeEdition.objects.get(pk=edition.pk))
        if form.is_valid():
            try:
                services.code_edition_update(edition=edition, **form.cleaned_data)
            except RuleBroken as error:
                if error.field not in form.fields:
                    return self.refused(error)
                form.add_error(error.field, error.message)
            else:
                messages.success(request, "The report's words were saved.")
                return redirect("handling_code:edition", year=year)
        return self.render_to_response(self.get_context_data(edition=edition, form=form))


class CodeSectionView(CodeEditionMixin, TemplateView):
    """The self-assessment of one section of the Code: a compliance, evidence and action for each
    requirement, saved together."""

    template_name = "handling_code/section.html"

    def section(self) -> CodeSection:
        section = next((s for s in selectors.code_sections() if s.number == self.kwargs["number"]), None)
        if section is None:
            raise Http404("No such section of the Code")
        return section

    def forms(self, section: CodeSection, edition: CodeEdition, data=None) -> list[AssessmentForm]:
        assessed = selectors.assessments_by_requirement(edition)
        forms = []
        for requirement in section.requirements.all():
            given = assessed.get(requirement.pk)
            initial = (
                {"compliance": given.compliance, "evidence": given.evidence, "action": given.action}
                if given
                else {}
            )
            forms.append(AssessmentForm(data, requirement=requirement, initial=initial))
        return forms

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition()
        section = self.section()
        forms = kwargs.get("forms") or self.forms(section, edition)
        errors = [
            (message, f"#{field.auto_id}_0" if name == "compliance" else f"#{field.auto_id}")
            for form in forms
            for name, field in ((name, form[name]) for name in form.fields)
            for message in field.errors
        ]
        context.update(edition=edition, section=section, forms=forms, errors=errors)
        return context

    def post(self, request, year: int, number: int):
        edition = self.edition()
        section = self.section()
        forms = self.forms(section, edition, request.POST)
        answers = [
            services.Answer(form.requirement, **form.cleaned_data)
            for form in forms
            if form.is_valid() and form.has_answer()
        ]
        try:
            services.assessments_save(edition=edition, answers=answers)
        except RuleBroken as error:
            placed = False
            for form in forms:
                for name in form.fields:
                    if form.add_prefix(name) == error.field:
                        form.add_error(name, error.message)
                        placed = True
            if not placed:
                return self.refused(error)
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.success(request, f"Section {section.number}, {section.title.lower()}, saved.")
        return redirect("handling_code:edition", year=year)


class CodeEditionPublishView(CodeEditionMixin, View):
    def post(self, request, year: int):
        try:
            publish_or_unpublish(request, self.edition(), publish=services.code_edition_publish)
        except RuleBroken as error:
            return self.refused(error)
        return redirect("handling_code:edition", year=year)


@method_decorator(csp_override(SELF_CONTAINED_DOCUMENT), name="dispatch")
class CodeReportDownloadView(ReportingMixin, View):
    def get(self, request, year: str, extension: str):
        data = render_report(build_code_report(int(year)), extension)
        response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
        label = reporting_year_label(int(year)).replace("/", "-")
        disposition = "inline" if extension == "html" and request.GET.get("view") else "attachment"
        response["Content-Disposition"] = (
            f'{disposition}; filename="childrens-services-complaints-performance-report-{label}.{extension}"'
        )
        return response
