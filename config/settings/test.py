"""Settings for the test suite: fast hashing, mail kept in memory, jobs run inline."""

import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
JOBS_RUN_INLINE = True  # background jobs (heard.notifications.jobs) run in the test's thread
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TWO_FACTOR_REQUIRED = False  # tests of two-factor sign-in turn it on
SINGLE_SIGN_ON_ENFORCES_MFA = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # A test database of this run's own, so that two runs against one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_heard_{os.getpid()}"}  # noqa: F405
else:
    # A file, as in production (WAL, waiting on a lock), not a shared in-memory database, whose table
    # locks would make two connections at once fail where the real database waits.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"heard_test_{os.getpid()}.sqlite3")
    }
# Reference data (rule sets, closure days) read afresh on every use: tests change them at will.
REFERENCE_DATA_SECONDS = 0
