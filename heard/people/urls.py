from django.urls import path

from heard.people import views

app_name = "people"
urlpatterns = [
    path("people/duplicates/", views.DuplicateListView.as_view(), name="duplicates"),
    path("people/duplicates/<int:pk>/merge/", views.DuplicateMergeView.as_view(), name="merge"),
    path("people/duplicates/<int:pk>/dismiss/", views.DuplicateDismissView.as_view(), name="dismiss"),
    path("people/merges/<int:pk>/undo/", views.MergeUndoView.as_view(), name="merge_undo"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("cases/<str:reference>/person/", views.PersonSplitView.as_view(), name="split"),
]
