from django.urls import path, re_path

from heard.handling_code import views

app_name = "handling_code"
urlpatterns = [
    path("<int:year>/", views.CodeEditionView.as_view(), name="edition"),
    path("<int:year>/sections/<int:number>/", views.CodeSectionView.as_view(), name="section"),
    path("<int:year>/publish/", views.CodeEditionPublishView.as_view(), name="publish"),
    re_path(
        r"^(?P<year>[0-9]{4})/report\.(?P<extension>html|pdf|docx)$",
        views.CodeReportDownloadView.as_view(),
        name="download",
    ),
]
