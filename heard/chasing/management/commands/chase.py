"""The daily sweep: reminders, escalations of overdue work, digests, action reminders and quarterly
packs. Run it once a day (see docs/procedures.md for a cron line or a systemd timer); running it
again, or two at once, sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from heard.chasing.services import chase


class Command(BaseCommand):
    help = "Chase the work: remind, escalate overdue work, send digests and quarterly packs."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="The day to chase for, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent and recorded; change nothing."
        )
        parser.add_argument(
            "--no-send",
            action="store_true",
            help="Queue the messages in the outbox without sending them now (heard send_notifications will).",
        )

    def handle(self, *args, **options):
        try:
            today = (
                datetime.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
            )
        except ValueError:
            raise CommandError(
                f"--today must be a date written YYYY-MM-DD, not {options['today']!r}"
            ) from None
        report = chase(
            today=today,
            dry_run=options["dry_run"],
            send=not options["no_send"],
            echo=self.stdout.write,
        )
        for line in report.lines():
            self.stdout.write(line)
