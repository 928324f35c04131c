"""Send every message that is due: new ones whose job was lost, and failed ones whose wait is over.
Run it every minute or so from cron or a scheduler; running two at once is safe."""

from django.core.management.base import BaseCommand

from heard.notifications.models import MessageStatus
from heard.notifications.services import message_send, messages_due


class Command(BaseCommand):
    help = "Send the notifications that are due, retrying failed ones whose wait is over."

    def handle(self, *args, **options):
        results: dict[str, int] = {}
        for message_id in messages_due():
            status = message_send(message_id) or "skipped"
            results[status] = results.get(status, 0) + 1
        sent = results.get(MessageStatus.SENT, 0)
        failed = results.get(MessageStatus.FAILED, 0) + results.get(MessageStatus.GAVE_UP, 0)
        self.stdout.write(f"Sent {sent}, failed {failed}, of {sum(results.values())} due.")
