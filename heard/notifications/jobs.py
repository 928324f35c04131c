"""Background work, behind this one module.

A job is a plain function that takes ids, is idempotent and may run more than once. `after_commit`
runs it once the current transaction commits: inline when `JOBS_RUN_INLINE` is set (the tests),
otherwise on a small pool of threads in the web process, so that the response does not wait for
a mail server. A job lost with its process is picked up by the sweep (`heard send_notifications`),
which is the safety net, not the main road.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, transaction

logger = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="heard-job")
    return _pool


def run(job: Callable[..., object], *ids: int) -> None:
    """Run a job now, in this thread; errors are logged, never raised to the caller."""
    try:
        job(*ids)
    except Exception:
        logger.exception("Job %s%r failed; the sweep will try again", job.__name__, ids)


def _in_thread(job: Callable[..., object], *ids: int) -> None:
    close_old_connections()
    try:
        run(job, *ids)
    finally:
        close_old_connections()


def after_commit(job: Callable[..., object], *ids: int) -> None:
    """Run `job(*ids)` once the current transaction commits (at once outside a transaction)."""

    def dispatch() -> None:
        if getattr(settings, "JOBS_RUN_INLINE", False):
            run(job, *ids)
        else:
            _executor().submit(_in_thread, job, *ids)

    transaction.on_commit(dispatch, robust=True)
