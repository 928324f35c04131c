"""Pytest fixtures for browser journeys: Playwright driving Debian's chromium against the live
server, and an axe-core check of each page visited. Registered in the root conftest.py."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from heard.cases.tests.factories import PASSWORD

CHROMIUM = os.environ.get("HEARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from test code
    # are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page with JavaScript on; `page.base_url` is the live server's address."""
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


_axe = Axe()


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """The axe-core violations on the page with one of the given impacts (all when impacts is None)."""
    results = _axe.run(page)
    violations = results.response["violations"]
    if impacts is None:
        return violations
    return [v for v in violations if v.get("impact") in impacts]


def assert_accessible(page, *, impacts=("serious", "critical")) -> None:
    violations = axe_violations(page, impacts=impacts)
    assert not violations, "\n".join(
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


def sign_in(page, username: str, next_url: str = "/staff/") -> None:
    """Sign in as a user the factories made, from the sign-in page `next_url` sends one to."""
    page.goto(next_url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
