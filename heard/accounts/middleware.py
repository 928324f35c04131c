"""Idle expiry for signed-in staff without a session write on every public page."""


class SignedInSessionRenewalMiddleware:
    """Renew a signed-in user's session on each request, so that it ends after
    SESSION_COOKIE_AGE without activity. Anonymous sessions (the public form) are saved only when
    their answers change, which saves a database write on most public requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.session.modified = True
        return response
