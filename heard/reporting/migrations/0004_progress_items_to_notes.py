from django.db import migrations


def progress_items_to_notes(apps, schema_editor):
    """A progress table written by hand becomes last year's recommendations, each with its progress
    as a note written when the table was last changed."""
    ProgressItem = apps.get_model("reporting", "ProgressItem")
    ReportEdition = apps.get_model("reporting", "ReportEdition")
    Recommendation = apps.get_model("reporting", "Recommendation")
    ProgressNote = apps.get_model("reporting", "ProgressNote")
    for item in ProgressItem.objects.select_related("edition").order_by("edition__year", "position", "id"):
        previous, _ = ReportEdition.objects.get_or_create(year=item.edition.year - 1)
        recommendation = Recommendation.objects.filter(edition=previous, text=item.action).first()
        if recommendation is None:
            recommendation = Recommendation.objects.create(
                edition=previous, position=item.position, text=item.action
            )
        if item.progress.strip():
            recommendation.status = "in_progress"
            recommendation.save(update_fields=["status"])
            ProgressNote.objects.create(
                recommendation=recommendation,
                written_at=item.updated_at,
                status="in_progress",
                text=item.progress,
            )


class Migration(migrations.Migration):
    """Data only, apart from the schema changes before and after it (PostgreSQL cannot alter a
    table in the transaction that wrote rows referring to it)."""

    dependencies = [("reporting", "0003_recommendations_tracked")]

    operations = [migrations.RunPython(progress_items_to_notes, migrations.RunPython.noop)]
