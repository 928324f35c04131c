from django.urls import path

from heard.cases import views

app_name = "cases"

case = "cases/<str:reference>/"
investigation = case + "investigations/<int:part>/"
referral = case + "ombudsman/<int:part>/"
action = case + "actions/<int:part>/"
escalation = case + "escalations/<int:part>/"

urlpatterns = [
    path("", views.MyWorkView.as_view(), name="my_work"),
    path("cases/", views.CaseListView.as_view(), name="list"),
    path("cases/download.csv", views.CaseListExportView.as_view(), name="export"),
    path("cases/new/", views.CaseLogView.as_view(), name="log"),
    path("escalations/", views.EscalationListView.as_view(), name="escalations"),
    path("actions/", views.ActionListView.as_view(), name="actions"),
    path(case, views.CaseDetailView.as_view(), name="detail"),
    path(case + "access-log/", views.CaseAccessLogView.as_view(), name="access_log"),
    path(case + "details/", views.CaseUpdateView.as_view(), name="update"),
    path(case + "contact-details/", views.CustomerCorrectView.as_view(), name="customer_correct"),
    path(case + "people/new/", views.CasePersonAddView.as_view(), name="person_add"),
    path(case + "acknowledge/", views.CaseAcknowledgeView.as_view(), name="acknowledge"),
    path(case + "investigations/new/", views.InvestigationOpenView.as_view(), name="investigation_open"),
    path(
        investigation + "allocate/", views.InvestigationAllocateView.as_view(), name="investigation_allocate"
    ),
    path(investigation + "extend/", views.InvestigationExtendView.as_view(), name="investigation_extend"),
    path(investigation + "outcome/", views.InvestigationCloseView.as_view(), name="investigation_close"),
    path(
        investigation + "acknowledge/",
        views.InvestigationAcknowledgeView.as_view(),
        name="investigation_acknowledge",
    ),
    path(investigation + "panel/", views.InvestigationPanelView.as_view(), name="investigation_panel"),
    path(investigation + "delay/", views.InvestigationDelayView.as_view(), name="investigation_delay"),
    path(action + "done/", views.ActionCompleteView.as_view(), name="action_complete"),
    path(
        escalation + "acknowledge/", views.EscalationAcknowledgeView.as_view(), name="escalation_acknowledge"
    ),
    path(case + "learning/new/", views.LearningRecordView.as_view(), name="learning_record"),
    path(case + "escalate/", views.CaseEscalateView.as_view(), name="escalate"),
    path(case + "ombudsman/new/", views.OmbudsmanReferralView.as_view(), name="ombudsman_referral"),
    path(referral + "response/", views.OmbudsmanResponseView.as_view(), name="ombudsman_response"),
    path(referral + "decision/", views.OmbudsmanDecisionView.as_view(), name="ombudsman_decision"),
    path(referral + "remedy/", views.OmbudsmanRemedyView.as_view(), name="ombudsman_remedy"),
    path(case + "withdraw/", views.CaseWithdrawView.as_view(), name="withdraw"),
    path(case + "reopen/", views.CaseReopenView.as_view(), name="reopen"),
    path(case + "close/", views.CaseCloseView.as_view(), name="close"),
]
