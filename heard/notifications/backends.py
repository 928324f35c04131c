"""Where messages go: Django's email (the default) or GOV.UK Notify when NOTIFY_API_KEY is set."""

import io
import mimetypes
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage


@dataclass(frozen=True)
class Outgoing:
    to: str
    subject: str
    body: str
    notify_template_id: str = ""
    personalisation: dict = field(default_factory=dict)
    reference: str = ""
    attachment: tuple[str, bytes] | None = None  # file name and content


class EmailBackend:
    name = "email"

    def send(self, outgoing: Outgoing) -> str:
        email = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[outgoing.to],
        )
        if outgoing.attachment:
            name, content = outgoing.attachment
            email.attach(name, content, mimetypes.guess_type(name)[0] or "application/octet-stream")
        email.send()
        return ""


class NotifyBackend:
    """GOV.UK Notify: the template lives in Notify; Heard sends its personalisation."""

    name = "notify"

    def __init__(self, api_key: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key)

    def send(self, outgoing: Outgoing) -> str:
        if not outgoing.notify_template_id:
            raise RuntimeError(
                "NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID (to the public) or NOTIFY_STAFF_TEMPLATE_ID (to staff) "
                "is not set: Notify needs a template."
            )
        personalisation = dict(outgoing.personalisation)
        if outgoing.attachment:
            from notifications_python_client import prepare_upload

            name, content = outgoing.attachment
            personalisation["link_to_file"] = prepare_upload(io.BytesIO(content), filename=name)
        response = self.client.send_email_notification(
            email_address=outgoing.to,
            template_id=outgoing.notify_template_id,
            personalisation=personalisation,
            reference=outgoing.reference,
        )
        return str(response.get("id", ""))


def backend():
    if settings.NOTIFY_API_KEY:
        return NotifyBackend(settings.NOTIFY_API_KEY)
    return EmailBackend()
