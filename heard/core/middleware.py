"""Responses that show personal data are never kept by a browser or a proxy."""


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response Heard renders (pages, CSV and Excel
    downloads, attachments, reports), unless a view says otherwise. Static files are served before
    this by WhiteNoise, with their own long-lived caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
