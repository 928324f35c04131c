import pytest

pytest_plugins = ["heard.core.testing.browser"]


@pytest.fixture(autouse=True)
def _attachments_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder in tests, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "attachments"
