"""Walking the form with Django's test client, page by page, as a person would."""

import re

ADULT = "/feedback/"
YOUNG = "/feedback/young-people/"


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the check page has a submission token"
    return match.group(1)


def walk(client, prefix: str, answers: dict, *, files: list | None = None) -> list[str]:
    """Answer each page the form asks until "Check your answers"; returns the pages asked."""
    asked = []
    url = f"{prefix}what-kind/"
    for _ in range(20):
        response = client.get(url)
        assert response.status_code == 200, f"{url} gave {response.status_code}"
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        asked.append(slug)
        if slug == "files":
            data: dict[str, object] = {"action": "continue"}
            if files:
                data["files"] = files
            response = client.post(url, data)
        else:
            response = client.post(url, answers[slug])
        assert response.status_code == 302, (
            f"{url} refused {answers.get(slug)}: {response.content.decode()[:3000]}"
        )
        url = response["Location"]
        if url.endswith("check-your-answers/"):
            return asked
    raise AssertionError(f"the form did not reach check your answers: {asked}")


def submit(client, prefix: str, commit=None):
    """Check the answers and send them; returns the response to the submit (a redirect).

    Pass pytest-django's `django_capture_on_commit_callbacks` as `commit` to run what waits for
    the commit (the acknowledgement), as it would run outside a test's transaction."""
    check = client.get(f"{prefix}check-your-answers/")
    assert check.status_code == 200
    data = {"token": token_of(check), "website": ""}
    if commit is None:
        return client.post(f"{prefix}check-your-answers/", data)
    with commit(execute=True):
        return client.post(f"{prefix}check-your-answers/", data)


def adult_answers(areas, *, kind="complaint", relationship="parent_or_carer", area="Children's Social Care"):
    return {
        "what-kind": {"kind": kind},
        "who-are-you": {"relationship": relationship},
        "for-a-child": {"for_child": "yes"},
        "their-agreement": {"consent": "given"},
        "about-the-child": {"child_name": "Sam Jones", "dob_day": "3", "dob_month": "4", "dob_year": "2014"},
        "service": {"service_area": areas[area].pk},
        "what-happened": {
            "details": "Nobody told us the social worker had changed.\nWe found out at a meeting."
        },
        "when": {"happened_on": "March 2026"},
        "put-it-right": {"desired_outcome": "An apology and a meeting with the new social worker."},
        "advocate": {"advocate": "yes"},
        "contact": {"name": "Alex Jones", "email": "alex@example.com", "phone": "", "address": ""},
    }


def young_answers(areas, *, kind="complaint"):
    return {
        "what-kind": {"kind": kind},
        "service": {"service_area": areas["Children's Social Care"].pk},
        "what-happened": {"details": "My social worker keeps changing and nobody tells me."},
        "when": {"happened_on": "After Christmas"},
        "put-it-right": {"desired_outcome": "Keep the same social worker."},
        "advocate": {"advocate": "yes"},
        "contact": {"name": "Jamie", "age": "12", "email": "", "phone": "07700 900982", "address": ""},
    }
