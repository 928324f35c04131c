from django.urls import path, re_path

from heard.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    re_path(r"^dashboard/(?P<key>[a-z_]+)\.svg$", views.DashboardChartView.as_view(), name="dashboard_chart"),
    re_path(
        r"^dashboard/(?P<key>[a-z_]+)\.(?P<extension>csv|xlsx)$",
        views.DashboardDownloadView.as_view(),
        name="dashboard_download",
    ),
    path("quarterly/", views.QuarterlyListView.as_view(), name="quarterly"),
    re_path(
        r"^quarterly/(?P<year>[0-9]{4})/(?P<quarter>Q[1-4])/(?P<area>[0-9]+)\.xlsx$",
        views.QuarterlyPackView.as_view(),
        name="quarterly_pack",
    ),
    path("<int:year>/", views.EditionView.as_view(), name="edition"),
    path("<int:year>/publish/", views.EditionPublishView.as_view(), name="publish"),
    re_path(
        r"^(?P<year>[0-9]{4})/report\.(?P<extension>html|pdf|docx|xlsx)$",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
    path("<int:year>/quotes/add/<str:kind>/", views.QuoteAddView.as_view(), name="quote_add"),
    path("<int:year>/quotes/<int:pk>/", views.QuoteView.as_view(), name="quote"),
    path("<int:year>/recommendations/add/", views.RecommendationAddView.as_view(), name="recommendation_add"),
    path("<int:year>/recommendations/<int:pk>/", views.RecommendationView.as_view(), name="recommendation"),
]
