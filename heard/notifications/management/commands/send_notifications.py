"""Send every message that is due: new ones whose job was lost, and failed ones whose wait is over.
Run it every minute or so from cron or a scheduler; running two at once is safe."""

from django.core.management.base import BaseCommand

from heard.notifications.models import MessageStatus
from heard.notifications.services import messages_send_due


class Command(BaseCommand):
    help = "Send the notifications that are due, retrying failed ones whose wait is over."

    def handle(self, *args, **options):
        results = messages_send_due()
        sent = results.get(MessageStatus.SENT, 0)
        failed = results.get(MessageStatus.FAILED, 0) + results.get(MessageStatus.GAVE_UP, 0)
        self.stdout.write(f"Sent {sent}, failed {failed}, of {sum(results.values())} due.")
