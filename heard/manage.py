"""The `heard` console script: Django's management commands under the product's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from heard.core.startup import pause_collector

    pause_collector()  # until the apps are loaded (heard.core.startup)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heard", *sys.argv[1:]])


if __name__ == "__main__":
    main()
