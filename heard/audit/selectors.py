from django.db.models import QuerySet

from heard.audit.models import CaseAccess


def case_access_log(case) -> QuerySet[CaseAccess]:
    """A case's access log, newest first."""
    return CaseAccess.objects.filter(case=case).select_related("user").order_by("-at", "-id")
