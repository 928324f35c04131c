"""Messages the sweep sends, written from the council's templates (`heard.notifications`)."""

from django.conf import settings
from django.urls import reverse

from heard.notifications.models import MessageTemplate
from heard.notifications.services import NewMessage


def link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def compose(
    template: MessageTemplate,
    *,
    key: str,
    to,
    fields: dict[str, object],
    case_id: int | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> NewMessage:
    subject, body = template.render({"name": to.display_name, **{k: str(v) for k, v in fields.items()}})
    return NewMessage(
        key=key,
        kind=template.kind,
        to=to.email,
        subject=subject,
        body=body,
        recipient_id=to.pk,
        case_id=case_id,
        attachment_name=attachment[0] if attachment else "",
        attachment=attachment[1] if attachment else None,
    )
