from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Heard administration"
admin.site.site_title = "Heard"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/account/", include("heard.accounts.urls")),
    path("staff/reports/code/", include("heard.handling_code.urls")),
    path("staff/reports/", include("heard.reporting.urls")),
    path("staff/", include("heard.cases.urls")),
    path("staff/", include("heard.retention.urls")),
    path("staff/", include("heard.conduct.urls")),
    path("staff/", include("heard.casework.urls")),
    path("staff/", include("heard.letters.urls")),
    path("staff/", include("heard.people.urls")),
    path("", include("heard.intake.urls")),
    path("", include("heard.core.urls")),
]
