"""A progress table written by hand before recommendations were tracked survives the change."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reporting", "0002_published_figures")]
AFTER = [("reporting", "0004_progress_items_to_notes")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hand_written_progress_becomes_last_years_recommendations_with_their_progress():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    edition = old.get_model("reporting", "ReportEdition").objects.create(year=2025)
    ProgressItem = old.get_model("reporting", "ProgressItem")
    ProgressItem.objects.create(edition=edition, position=1, action="Record compliments", progress="Done.")
    ProgressItem.objects.create(edition=edition, position=2, action="Escalate overdue cases", progress="")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Recommendation = new.get_model("reporting", "Recommendation")
    made = Recommendation.objects.filter(edition__year=2024).order_by("position")
    assert [(r.text, r.status) for r in made] == [
        ("Record compliments", "in_progress"),
        ("Escalate overdue cases", "not_started"),
    ]
    assert [n.text for n in made[0].notes.all()] == ["Done."]
    assert not made[1].notes.exists()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
