"""The daily sweep as a Django task, for a council that runs a task worker and scheduler rather
than cron: enqueue `chase_daily` once a day."""

import datetime

from django.tasks import task
from django.utils import timezone

from heard.chasing.services import chase


@task
def chase_daily(today: str | None = None) -> list[str]:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return chase(today=day).lines()
