"""Jobs run after commit: inline in tests, on a thread pool otherwise."""

import threading

import pytest

from heard.notifications import jobs

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_job_runs_after_commit_on_a_worker_thread_when_not_inline(settings):
    settings.JOBS_RUN_INLINE = False
    ran = threading.Event()
    seen = {}

    def job(value):
        seen["value"] = value
        seen["thread"] = threading.current_thread().name
        ran.set()

    jobs.after_commit(job, 42)
    assert ran.wait(5)
    assert seen["value"] == 42
    assert seen["thread"].startswith("heard-job")


def test_a_failing_job_is_logged_not_raised(settings, caplog):
    settings.JOBS_RUN_INLINE = True

    def job(value):
        raise ValueError("boom")

    jobs.after_commit(job, 1)
    assert "the sweep will try again" in caplog.text
