"""Settings for a developer's machine and `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-key-not-for-production"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo signs in with a password alone unless TWO_FACTOR_REQUIRED=true (`make run` says so).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
