import pytest

from heard.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_names_the_council_and_is_accessible(page, settings):
    page.goto("/")
    assert settings.COUNCIL_NAME in page.locator("header").inner_text()
    assert page.locator("h1").inner_text() == "Tell us what you think about Children's Services"
    assert_accessible(page, impacts=None)


def test_pages_load_no_asset_from_another_host(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    assert requested and all(url.startswith(live_server.url) for url in requested)
