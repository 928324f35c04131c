import pytest
from django.core.cache import cache

from heard.cases.models import ServiceArea
from heard.cases.services import reference_data_load


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def areas(db) -> dict[str, ServiceArea]:
    reference_data_load()
    return {area.name: area for area in ServiceArea.objects.all()}
