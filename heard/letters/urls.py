from django.urls import path, register_converter

from heard.letters import views


class FormatConverter:
    regex = "pdf|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "letter_format")

app_name = "letters"
case = "cases/<str:reference>/"
letter = case + "letters/<int:part>/"

urlpatterns = [
    path("letters/", views.LetterQueueView.as_view(), name="queue"),
    path("letters/templates/<str:kind>/", views.LetterTemplateEditView.as_view(), name="template"),
    path(case + "letters/new/", views.LetterDraftView.as_view(), name="draft"),
    path(
        case + "investigations/<int:part>/letters/new/",
        views.InvestigationLetterDraftView.as_view(),
        name="investigation_draft",
    ),
    path(letter, views.LetterDetailView.as_view(), name="detail"),
    path(letter + "edit/", views.LetterEditView.as_view(), name="edit"),
    path(letter + "quality-check/send/", views.LetterSubmitView.as_view(), name="submit"),
    path(letter + "quality-check/", views.LetterCheckView.as_view(), name="check"),
    path(letter + "send/", views.LetterSendView.as_view(), name="send"),
    path(letter + "letter.<letter_format:format>", views.LetterDownloadView.as_view(), name="download"),
]
