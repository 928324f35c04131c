from django.urls import path

from heard.intake import views
from heard.intake.forms import YOUNG

app_name = "intake"

young = {"audience": YOUNG}

urlpatterns = [
    path("feedback/", views.FeedbackStartView.as_view(), name="start"),
    path("feedback/files/", views.FeedbackFilesView.as_view(), name="files"),
    path("feedback/check-your-answers/", views.FeedbackCheckView.as_view(), name="check"),
    path("feedback/confirmation/", views.FeedbackConfirmationView.as_view(), name="confirmation"),
    path("feedback/young-people/", views.FeedbackStartView.as_view(), young, name="young_start"),
    path("feedback/young-people/files/", views.FeedbackFilesView.as_view(), young, name="young_files"),
    path(
        "feedback/young-people/check-your-answers/",
        views.FeedbackCheckView.as_view(),
        young,
        name="young_check",
    ),
    path(
        "feedback/young-people/confirmation/",
        views.FeedbackConfirmationView.as_view(),
        young,
        name="young_confirmation",
    ),
    path(
        "feedback/young-people/<slug:step>/",
        views.FeedbackQuestionView.as_view(),
        young,
        name="young_question",
    ),
    path("feedback/<slug:step>/", views.FeedbackQuestionView.as_view(), name="question"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    # The address files sent with feedback had before they became the case's documents.
    path("staff/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
]
