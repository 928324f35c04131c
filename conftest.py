import pytest
from hypothesis import settings as hypothesis_settings

pytest_plugins = ["heard.core.testing.browser", "heard.core.testing.fixtures"]

# Property tests check what holds, not how fast: no per-example deadline on a shared 2-core machine.
hypothesis_settings.register_profile("heard", deadline=None)
hypothesis_settings.load_profile("heard")


@pytest.fixture(autouse=True)
def _attachments_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder in tests, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "attachments"
