"""Reference data kept in each process for a short while, instead of read on every request.

Rule sets and closure days change a few times a year, through the admin, but every complaint from
the public form reads them to work out its acknowledgement date. Each process keeps what it read
for `REFERENCE_DATA_SECONDS` (60 by default; 0 in the tests, which change them at will); a save in
the admin drops the copy of the process that made it at once, and other processes read the new
values when their copy runs out.
"""

import threading
import time
from collections.abc import Callable

from django.conf import settings


class Kept[T]:
    """`load()`'s value, kept for REFERENCE_DATA_SECONDS; `drop()` forgets it."""

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._kept: tuple[float, T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        seconds = float(getattr(settings, "REFERENCE_DATA_SECONDS", 60))
        kept = self._kept
        if seconds > 0 and kept is not None and time.monotonic() - kept[0] < seconds:
            return kept[1]
        with self._lock:  # one thread reads while the others wait for its result
            kept = self._kept
            if seconds > 0 and kept is not None and time.monotonic() - kept[0] < seconds:
                return kept[1]
            value = self._load()
            self._kept = (time.monotonic(), value) if seconds > 0 else None
            return value

    def drop(self) -> None:
        self._kept = None
