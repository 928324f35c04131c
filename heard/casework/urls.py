from django.urls import path

from heard.casework import views

app_name = "casework"

case = "cases/<str:reference>/"
urlpatterns = [
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
    path(case + "documents/new/", views.DocumentAddView.as_view(), name="document_add"),
    path(case + "contacts/new/", views.ContactRecordView.as_view(), name="contact_record"),
    path(case + "ombudsman-bundle/", views.BundleProduceView.as_view(), name="bundle_produce"),
]
