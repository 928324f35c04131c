from django.urls import path

from heard.retention import views

app_name = "retention"
urlpatterns = [
    path("cases/<str:reference>/legal-hold/", views.LegalHoldPlaceView.as_view(), name="hold_place"),
    path("cases/<str:reference>/legal-hold/lift/", views.LegalHoldLiftView.as_view(), name="hold_lift"),
    path("people/<int:pk>/subject-access/", views.SubjectAccessView.as_view(), name="subject_access"),
    path("disposal/", views.DisposalIndexView.as_view(), name="index"),
    path("disposal/<int:pk>/", views.DisposalListView.as_view(), name="list"),
    path("disposal/<int:pk>/items/<int:item>/keep/", views.DisposalItemKeepView.as_view(), name="keep"),
]
