import pytest
from django.urls import reverse

from heard.core.testing.fixtures import signed_in

PAGES = [
    reverse("reporting:index"),
    reverse("reporting:dashboard"),
    reverse("reporting:dashboard_download", args=["by_kind", "csv"]),
    reverse("reporting:dashboard_chart", args=["by_kind"]),
    reverse("reporting:dashboard_download", args=["all", "xlsx"]),
    reverse("reporting:edition", args=[2025]),
    reverse("reporting:download", args=[2025, "html"]),
    reverse("reporting:quote_add", args=[2025, "compliment"]),
    reverse("reporting:recommendation_add", args=[2025]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_officers_and_senior_managers_see_the_reports(url, officer, senior):
    for user in (officer, senior):
        assert signed_in(user).get(url).status_code == 200, (user.role, url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_investigating_managers_and_administrators_get_not_found(url, manager_client, admin):
    assert manager_client.get(url).status_code == 404
    assert signed_in(admin).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_signing_in_is_required(url, client):
    response = client.get(url)
    assert response.status_code == 302 and "/staff/account/" in response["Location"]


@pytest.mark.django_db
def test_senior_managers_read_but_do_not_change_the_report(senior_client):
    response = senior_client.post(reverse("reporting:edition", args=[2025]), {"introduction": "Changed"})
    assert response.status_code == 403
    page = senior_client.get(reverse("reporting:edition", args=[2025])).content.decode()
    assert "Publish the" not in page and "Save the commentary" not in page
