"""The form's journey: which questions are asked, in what order, and where the answers are kept.

Answers live in the session, one entry per page, so that the form works without JavaScript and
the person can go back and change anything before they submit. A page applies or not depending on
the answers before it (a child's details and agreement only for a complaint made on a child's behalf,
"what would put it right" only for complaints: see `forms.for_a_child`). The next page is always the first page that applies and is not answered yet,
so nobody can skip a question by typing an address.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from heard.cases.models import Kind, Relationship
from heard.intake import forms
from heard.intake.forms import ADULT, YOUNG

AUDIENCES = (ADULT, YOUNG)
SESSION_KEY = "intake"
DONE_KEY = "intake_done"


def _always(answers: dict) -> bool:
    return True


def _complaint(answers: dict) -> bool:
    return answers.get("what-kind", {}).get("kind") == Kind.COMPLAINT


def _so_far(answers: dict) -> dict:
    return {
        **answers.get("what-kind", {}),
        **answers.get("who-are-you", {}),
        **answers.get("for-a-child", {}),
    }


def _asks_if_for_a_child(answers: dict) -> bool:
    return forms.asks_if_for_a_child(_so_far(answers))


def _for_a_child(answers: dict) -> bool:
    return forms.for_a_child(_so_far(answers))


def _advocate_offered(answers: dict) -> bool:
    """Offered for the child a complaint is made for, unless an advocate is making it."""
    return _for_a_child(answers) and _so_far(answers).get("relationship") != Relationship.ADVOCATE


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.QuestionForm]
    applies: Callable[[dict], bool] = field(default=_always)

    @property
    def template(self) -> str:
        return f"intake/questions/{self.slug}.html"


ADULT_STEPS = [
    Step("what-kind", forms.KindForm),
    Step("who-are-you", forms.RelationshipForm),
    Step("for-a-child", forms.ForAChildForm, _asks_if_for_a_child),
    Step("their-agreement", forms.ConsentForm, _for_a_child),
    Step("about-the-child", forms.ChildForm, _for_a_child),
    Step("service", forms.ServiceForm),
    Step("what-happened", forms.DetailsForm),
    Step("when", forms.WhenForm),
    Step("put-it-right", forms.OutcomeForm, _complaint),
    Step("advocate", forms.AdvocateForm, _advocate_offered),
    Step("contact", forms.ContactForm),
    Step("files", forms.FilesForm),
]

# Children and young people: the same data, fewer and warmer questions, an advocate always offered.
YOUNG_STEPS = [
    Step("what-kind", forms.KindForm),
    Step("service", forms.ServiceForm),
    Step("what-happened", forms.DetailsForm),
    Step("when", forms.WhenForm),
    Step("put-it-right", forms.OutcomeForm, _complaint),
    Step("advocate", forms.AdvocateForm),
    Step("contact", forms.ContactForm),
    Step("files", forms.FilesForm),
]

STEPS = {ADULT: ADULT_STEPS, YOUNG: YOUNG_STEPS}


def url(audience: str, name: str, **kwargs) -> str:
    prefix = "young_" if audience == YOUNG else ""
    return reverse(f"intake:{prefix}{name}", kwargs=kwargs or None)


class Journey:
    """One person's answers for one version of the form, kept in their session."""

    def __init__(self, session, audience: str) -> None:
        if audience not in AUDIENCES:
            raise ValueError(f"Unknown audience {audience!r}")
        self.session = session
        self.audience = audience
        store = session.get(SESSION_KEY) or {}
        self.state = store.get(audience) or {"answers": {}, "files": []}

    def save(self) -> None:
        store = self.session.get(SESSION_KEY) or {}
        store[self.audience] = self.state
        self.session[SESSION_KEY] = store

    def reset(self) -> None:
        store = self.session.get(SESSION_KEY) or {}
        store.pop(self.audience, None)
        self.session[SESSION_KEY] = store
        self.state = {"answers": {}, "files": []}

    @property
    def answers(self) -> dict:
        return self.state["answers"]

    @property
    def files(self) -> list[dict]:
        return self.state["files"]

    def record(self, slug: str, answer: dict) -> None:
        self.answers[slug] = answer
        self.save()

    # --- Order of the pages ---

    @property
    def steps(self) -> list[Step]:
        return STEPS[self.audience]

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def applicable(self) -> list[Step]:
        return [step for step in self.steps if step.applies(self.answers)]

    def first_unanswered(self) -> Step | None:
        return next((step for step in self.applicable() if step.slug not in self.answers), None)

    def is_complete(self) -> bool:
        return self.first_unanswered() is None

    def may_visit(self, step: Step) -> bool:
        """A page may be shown once every page before it is answered."""
        if not step.applies(self.answers):
            return False
        for earlier in self.applicable():
            if earlier.slug == step.slug:
                return True
            if earlier.slug not in self.answers:
                return False
        return False

    def previous(self, slug: str) -> Step | None:
        before = None
        for step in self.applicable():
            if step.slug == slug:
                return before
            before = step
        return before

    def next_url(self) -> str:
        step = self.first_unanswered()
        if step is None:
            return url(self.audience, "check")
        return url(self.audience, "question", step=step.slug)

    def step_url(self, slug: str) -> str:
        return url(self.audience, "question", step=slug)

    # --- Submission ---

    def token(self) -> str:
        """The one-time token that lets these answers be submitted once."""
        if not self.state.get("token"):
            self.state["token"] = secrets.token_urlsafe(32)
            self.save()
        return self.state["token"]

    def collected(self) -> dict:
        """The answers of the pages that apply, flattened to one dictionary of values."""
        values: dict = {}
        for step in self.applicable():
            values.update(self.answers.get(step.slug, {}))
        return values
