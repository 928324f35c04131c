"""Locust users for bench.intake (not run on its own).

SubmitUser: each user takes a prepared session (answers already given, as after the last question)
and presses "Send": the measured request is the submission itself. One session in ten is sent twice
at the same moment, as a double click would. JourneyUser: a person going through every page of
the form, young people's version or the adult's, and sending it.

Each accepted submission's reference (read from the confirmation page) is written to
HEARD_BENCH_ACCEPTED, one "token reference" per line, for the checks afterwards.
"""

import itertools
import json
import os
import re
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import gevent
from locust import FastHttpUser, between, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.exception import StopUser

SESSIONS = (
    json.loads(Path(os.environ["HEARD_BENCH_SESSIONS"]).read_text())
    if os.environ.get("HEARD_BENCH_SESSIONS")
    else []
)
AREAS = json.loads(os.environ.get("HEARD_BENCH_AREAS", "[]"))
ACCEPTED: list[str] = []
_next = itertools.count()
REFERENCE = re.compile(r'<strong id="reference">([^<]+)</strong>')
CSRF = "0123456789abcdefghijklmnopqrstuv"  # an unmasked CSRF secret, sent as cookie and form field


@events.test_stop.add_listener
def _write(**_):
    path = os.environ.get("HEARD_BENCH_ACCEPTED")
    if path:
        with open(path, "a") as out:
            out.write("\n".join(ACCEPTED) + ("\n" if ACCEPTED else ""))


class SubmitUser(FastHttpUser):
    wait_time = between(0, 0)

    def on_start(self):
        # A second client for the second click of a double click, as a browser's second request.
        self.twin = FastHttpSession(
            base_url=self.host, request_event=self.environment.events.request, user=self
        )
        # The prepared session's cookies are sent by hand; the clients keep none of their own.
        for client in (self.client, self.twin):
            client.cookiejar.set_policy(DefaultCookiePolicy(allowed_domains=[]))

    def send(self, session: dict, name: str, client=None) -> str | None:
        client = client or self.client
        prefix = "/feedback/young-people/" if session["audience"] == "young" else "/feedback/"
        headers = {
            "Cookie": f"sessionid={session['key']}; csrftoken={CSRF}",
            "Referer": (self.host or "") + prefix,
        }
        with client.post(
            f"{prefix}check-your-answers/",
            data={"token": session["token"], "website": "", "csrfmiddlewaretoken": CSRF},
            headers=headers,
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or not response.headers.get("Location", "").endswith(
                "/confirmation/"
            ):
                response.failure(f"submit gave {response.status_code}")
                return None
            response.success()
        page = client.get(f"{prefix}confirmation/", headers=headers, name="confirmation page")
        match = REFERENCE.search(page.text or "")
        return match.group(1) if match else None

    @task
    def submit(self):
        index = next(_next)
        if index >= len(SESSIONS):
            raise StopUser()
        session = SESSIONS[index]
        if index % 10 == 0:
            twins = [
                gevent.spawn(self.send, session, "submit (double click)", client)
                for client in (self.client, self.twin)
            ]
            gevent.joinall(twins)
            references = {twin.value for twin in twins if twin.value}
            for reference in references:
                ACCEPTED.append(f"{session['token']} {reference}")
        else:
            reference = self.send(session, "submit")
            if reference:
                ACCEPTED.append(f"{session['token']} {reference}")


TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

YOUNG = [
    ("what-kind", {"kind": "complaint"}),
    ("service", {"service_area": "{area}"}),
    ("what-happened", {"details": "My social worker changed again and nobody told me."}),
    ("when", {"happened_on": "Last week"}),
    ("put-it-right", {"desired_outcome": "Keep the same social worker."}),
    ("advocate", {"advocate": "yes"}),
    ("contact", {"name": "Jamie", "age": "12", "email": "", "phone": "07700 900982", "address": ""}),
    ("files", {"action": "continue"}),
]
ADULT = [
    ("what-kind", {"kind": "complaint"}),
    ("who-are-you", {"relationship": "parent_or_carer"}),
    ("their-agreement", {"consent": "given"}),
    ("about-the-child", {"child_name": "Sam Jones", "dob_day": "3", "dob_month": "4", "dob_year": "2014"}),
    ("service", {"service_area": "{area}"}),
    ("what-happened", {"details": "Nobody told us the social worker had changed."}),
    ("when", {"happened_on": "March 2026"}),
    ("put-it-right", {"desired_outcome": "An apology."}),
    ("advocate", {"advocate": "yes"}),
    ("contact", {"name": "Alex Jones", "email": "alex@example.com", "phone": "", "address": ""}),
    ("files", {"action": "continue"}),
]


class JourneyUser(FastHttpUser):
    """Every page of the form, as a browser would: GET each page, POST the answer, follow on."""

    wait_time = between(0, 0)

    @task
    def journey(self):
        index = next(_next)
        young = index % 2 == 0
        prefix = "/feedback/young-people/" if young else "/feedback/"
        area = AREAS[index % len(AREAS)]
        csrf = None
        for slug, answer in YOUNG if young else ADULT:
            page = self.client.get(f"{prefix}{slug}/", name="question page (GET)")
            found = CSRF_FIELD.search(page.text or "")
            if not found:
                return
            csrf = found.group(1)
            data = {key: (str(area) if value == "{area}" else value) for key, value in answer.items()}
            data["csrfmiddlewaretoken"] = csrf
            with self.client.post(
                f"{prefix}{slug}/",
                data=data,
                headers={"Referer": (self.host or "") + prefix},
                allow_redirects=False,
                name="question page (POST)",
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"{slug} gave {response.status_code}")
                    return
        check = self.client.get(f"{prefix}check-your-answers/", name="check your answers (GET)")
        token = TOKEN.search(check.text or "")
        csrf = CSRF_FIELD.search(check.text or "")
        if not token or not csrf:
            return
        with self.client.post(
            f"{prefix}check-your-answers/",
            data={"token": token.group(1), "website": "", "csrfmiddlewaretoken": csrf.group(1)},
            headers={"Referer": (self.host or "") + prefix},
            allow_redirects=False,
            name="submit",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"submit gave {response.status_code}")
                return
        page = self.client.get(f"{prefix}confirmation/", name="confirmation page")
        match = REFERENCE.search(page.text or "")
        if match:
            ACCEPTED.append(f"{token.group(1)} {match.group(1)}")
