"""The files the public sent with their feedback become the case's documents, keeping their ids (so
the old download address still leads to the same file)."""

from django.core.management.color import no_style
from django.db import migrations

FROM_THE_PUBLIC = "The person who gave the feedback"


def copy_attachments(apps, schema_editor):
    Attachment = apps.get_model("intake", "Attachment")
    Document = apps.get_model("casework", "Document")
    rows = [
        Document(
            pk=attachment.pk,
            case_id=attachment.case_id,
            kind="sent_with_feedback",
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            description="",
            from_whom=(attachment.case.customer.name if attachment.case.customer_id else "") or FROM_THE_PUBLIC,
            added_at=attachment.uploaded_at,
            added_by=None,
        )
        for attachment in Attachment.objects.select_related("case__customer").order_by("pk").iterator()
    ]
    Document.objects.bulk_create(rows, batch_size=500)
    if rows:
        # Ids were given explicitly: move the id sequence past them (PostgreSQL keeps one).
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Document]):
                cursor.execute(sql)


def copy_documents_back(apps, schema_editor):
    Attachment = apps.get_model("intake", "Attachment")
    Document = apps.get_model("casework", "Document")
    sent = Document.objects.filter(kind="sent_with_feedback", added_by__isnull=True)
    Attachment.objects.bulk_create(
        Attachment(
            pk=document.pk,
            case_id=document.case_id,
            file=document.file.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            uploaded_at=document.added_at,
        )
        for document in sent
    )
    sent.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_documents_and_contacts"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_attachments, copy_documents_back)]
