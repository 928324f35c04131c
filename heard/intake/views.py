"""The public front door: the feedback form (two versions, one journey engine), the accessibility
statement, and the old address of files sent with feedback."""

import logging

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import RedirectView, TemplateView
from django_ratelimit.core import is_ratelimited

from heard.cases.models import Kind
from heard.intake import uploads
from heard.intake.answers import summary_rows
from heard.intake.forms import ADULT, YOUNG, FilesForm, SubmitForm
from heard.intake.journey import DONE_KEY, Journey, Step, url
from heard.intake.selectors import complaint_timescales, public_timescales
from heard.intake.services import feedback_submit, submission_case

logger = logging.getLogger(__name__)


def error_links(form) -> list[dict]:
    """The error summary's entries: each message linking to the field it is about."""
    links = []
    for name, errors in form.errors.items():
        field_id = f"id_{name}" if name != "__all__" else ""
        for message in errors:
            links.append({"href": f"#{field_id}", "message": message})
    return links


class AudienceMixin(View):
    audience = ADULT

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.audience = kwargs.get("audience", ADULT)
        self.journey = Journey(request.session, self.audience)

    def page_context(self, **extra) -> dict:
        return {
            "audience": self.audience,
            "young": self.audience == YOUNG,
            "answers": self.journey.answers,
            "kind": self.journey.answers.get("what-kind", {}).get("kind", ""),
            "start_url": url(self.audience, "start"),
            **extra,
        }


class FeedbackStartView(AudienceMixin, View):
    def get(self, request, **kwargs):
        first = self.journey.steps[0].slug
        return render(
            request,
            "intake/young_start.html" if self.audience == YOUNG else "intake/start.html",
            self.page_context(
                first_url=self.journey.step_url(first), timescales=public_timescales(on=timezone.localdate())
            ),
        )


class FeedbackQuestionView(AudienceMixin, View):
    """One question page: shows the question with any earlier answer, checks and keeps the answer."""

    step: Step

    def dispatch(self, request, *args, **kwargs):
        step = self.journey.step(kwargs["step"])
        if step is None:
            raise Http404("No such question")
        self.step = step
        if not self.journey.may_visit(self.step):
            return HttpResponseRedirect(self.journey.next_url())
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return self.step.form_class(
            data,
            initial=self.journey.answers.get(self.step.slug),
            audience=self.audience,
            answers=self.journey.answers,
        )

    def back_url(self, step: Step) -> str:
        previous = self.journey.previous(step.slug)
        return self.journey.step_url(previous.slug) if previous else url(self.audience, "start")

    def render_page(self, form, status=200, **extra):
        extra.setdefault("errors", error_links(form) if form.is_bound else [])
        context = self.page_context(form=form, step=self.step, back_url=self.back_url(self.step), **extra)
        return render(self.request, self.step.template, context, status=status)

    def get(self, request, **kwargs):
        return self.render_page(self.form())

    def post(self, request, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        self.journey.record(self.step.slug, form.answer())
        return HttpResponseRedirect(self.journey.next_url())


class FeedbackFilesView(FeedbackQuestionView):
    """The optional files page: add files one or several at a time, remove them, then continue."""

    def dispatch(self, request, *args, **kwargs):
        kwargs["step"] = "files"
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200, **extra):
        extra.setdefault("files", self.journey.files)
        extra.setdefault("max_files", uploads.max_files())
        extra.setdefault("max_mb", uploads.max_bytes() // (1024 * 1024))
        extra.setdefault("allowed", uploads.ALLOWED_DESCRIPTION)
        return super().render_page(form, status, **extra)

    def refuse(self, messages: list[str]):
        form = FilesForm(audience=self.audience, answers=self.journey.answers)
        errors = [{"href": "#id_files", "message": message} for message in messages]
        return self.render_page(form, errors=errors, file_error=" ".join(messages))

    def post(self, request, **kwargs):
        remove = request.POST.get("remove")
        if remove:
            keep = []
            for file in self.journey.files:
                if file["id"] == remove:
                    uploads.discard(file)
                else:
                    keep.append(file)
            self.journey.state["files"] = keep
            self.journey.save()
            return HttpResponseRedirect(url(self.audience, "files"))

        chosen = [upload for upload in request.FILES.getlist("files") if upload.name]
        if chosen and is_ratelimited(
            request, group="intake:upload", key="ip", rate=_upload_rate(), method="POST", increment=True
        ):
            return _too_many(request, self.audience)
        messages = []
        room = uploads.max_files() - len(self.journey.files)
        if len(chosen) > room:
            messages.append(
                f"You can add up to {uploads.max_files()} files: remove a file or choose fewer"
                if room > 0
                else f"You have already added {uploads.max_files()} files, the most you can send"
            )
            chosen = []
        for upload in chosen:
            try:
                checked = uploads.check(upload)
            except uploads.ScanUnavailable as refused:
                # Their answers stay in the session: they can try again later or go on without it.
                messages.append(f"{refused.message}, or continue without it: your answers are kept")
                continue
            except uploads.UploadRefused as refused:
                messages.append(refused.message)
                continue
            self.journey.files.append(uploads.store(upload, checked))
        self.journey.save()
        if messages:
            return self.refuse(messages)
        if request.POST.get("action") == "upload":
            if not chosen:
                return self.refuse(["Select a file to add"])
            return HttpResponseRedirect(url(self.audience, "files"))
        self.journey.record("files", {})
        return HttpResponseRedirect(self.journey.next_url())


def _rate(setting: str, default: str) -> str | None:
    rate = str(getattr(settings, setting, default) or "").strip()
    return None if rate.lower() in {"", "off", "none", "0"} else rate


def _submit_rate() -> str | None:
    return _rate("INTAKE_RATE_LIMIT", "10/h")


def _upload_rate() -> str | None:
    return _rate("INTAKE_UPLOAD_RATE_LIMIT", "60/h")


def _too_many(request, audience):
    return render(
        request,
        "intake/too_many.html",
        {"audience": audience, "young": audience == YOUNG},
        status=429,
    )


class FeedbackCheckView(AudienceMixin, View):
    """Check your answers, then submit: the case is written once, whatever the number of clicks."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and not self.journey.is_complete():
            return HttpResponseRedirect(self.journey.next_url())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        return render(
            request,
            "intake/check.html",
            self.page_context(
                rows=summary_rows(self.journey),
                files=self.journey.files,
                token=self.journey.token(),
                back_url=self.journey.step_url(self.journey.applicable()[-1].slug),
                files_url=url(self.audience, "files"),
            ),
        )

    def post(self, request, **kwargs):
        form = SubmitForm(request.POST)
        if not form.is_valid():
            return HttpResponseRedirect(url(self.audience, "check"))
        if form.cleaned_data["website"]:
            logger.warning("Public form submission refused: the honeypot field was filled in")
            return render(
                request,
                "intake/problem.html",
                {"audience": self.audience, "young": self.audience == YOUNG},
                status=400,
            )
        token = form.cleaned_data["token"]
        existing = submission_case(token=token)
        if existing is not None:
            return self.done(existing)
        if token != self.journey.state.get("token") or not self.journey.is_complete():
            return HttpResponseRedirect(self.journey.next_url())
        if is_ratelimited(
            request, group="intake:submit", key="ip", rate=_submit_rate(), method="POST", increment=True
        ):
            return _too_many(request, self.audience)
        try:
            case = feedback_submit(
                token=token,
                audience=self.audience,
                answers=self.journey.collected(),
                files=self.journey.files,
            )
        except IntegrityError:
            # The same answers were submitted at the same moment by another click: show its case.
            twin = submission_case(token=token)
            if twin is None:
                raise
            return self.done(twin)
        return self.done(case)

    def done(self, case):
        timescales = (
            complaint_timescales(procedure=case.procedure, on=case.received_on) if case.procedure else None
        )
        self.journey.reset()
        self.request.session[DONE_KEY] = {
            "reference": case.reference,
            "kind": case.kind,
            "audience": self.audience,
            "email": bool(case.customer and case.customer.email),
            "advocate": case.advocate_requested,
            "timescales": timescales.as_dict() if timescales else None,
        }
        return HttpResponseRedirect(url(self.audience, "confirmation"))


class FeedbackConfirmationView(AudienceMixin, View):
    """The reference and what happens next, shown to the person who submitted, from their session.
    There is no way to look a case up by reference from the public side."""

    def get(self, request, **kwargs):
        done = request.session.get(DONE_KEY)
        if not done or done.get("audience") != self.audience:
            return redirect(url(self.audience, "start"))
        return render(
            request,
            "intake/confirmation.html",
            self.page_context(done=done, is_complaint=done["kind"] == Kind.COMPLAINT),
        )


class AccessibilityStatementView(TemplateView):
    template_name = "intake/accessibility.html"


class AttachmentDownloadView(RedirectView):
    """The old address of a file sent with feedback: it is now one of the case's documents, with the
    same id, downloaded (and checked and audited) at its own address."""

    permanent = True
    pattern_name = "casework:document_download"
