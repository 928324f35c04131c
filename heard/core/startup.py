"""Start-up of the `heard` command: the cyclic garbage collector paused while Django starts.

Starting Django creates a few hundred thousand objects that live as long as the process (modules,
classes, models, URL patterns). With the collector on, it walks them again and again while they
are being created: about a quarter of the CPU time of a short command such as
`heard report --format json` (0.15 s of 0.65 s). `heard` pauses it before Django starts, and the
core app resumes it once every app's models are loaded, after moving what start-up made out of the
collector's way (`gc.freeze`): those objects are never garbage. The web server and the tests do not
pause it, and so are unchanged.
"""

import gc

_paused = False


def pause_collector() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Turn the collector back on if `pause_collector` turned it off (otherwise do nothing)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
