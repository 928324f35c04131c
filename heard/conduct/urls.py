from django.urls import path

from heard.conduct import views

app_name = "conduct"

designation = "cases/<str:reference>/designations/<int:part>/"
urlpatterns = [
    path(
        "cases/<str:reference>/designations/propose/", views.DesignationProposeView.as_view(), name="propose"
    ),
    path(designation + "decide/", views.DesignationDecideView.as_view(), name="decide"),
    path(designation + "letter/", views.DesignationTellView.as_view(), name="tell"),
    path(designation + "letter.pdf", views.DesignationLetterPdfView.as_view(), name="letter_pdf"),
    path(designation + "review/", views.DesignationReviewView.as_view(), name="review"),
    path(designation + "end/", views.DesignationEndView.as_view(), name="end"),
]
