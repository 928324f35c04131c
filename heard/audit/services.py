"""Recording in the access log."""

from heard.audit.models import AccessAction, CaseAccess


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: a forwarded header can be set by anyone unless a trusted proxy strips it.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def access_record(*, user, action: str, what: str, case=None, request=None) -> CaseAccess:
    """Add an entry to the access log: who (the user), when (now), which case, and what."""
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access action {action!r}")
    return CaseAccess.objects.create(
        user=user if getattr(user, "pk", None) else None,
        user_name=(user.display_name if getattr(user, "pk", None) else "Anonymous")[:200],
        case=case,
        case_reference=case.reference if case is not None else "",
        action=action,
        what=what[:300],
        path=request.get_full_path()[:500] if request is not None else "",
        ip_address=_client_ip(request),
    )
