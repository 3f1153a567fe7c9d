from django.urls import path

from .views import acts, auth, dashboard, jobs, registry, supervision

app_name = "web"
urlpatterns = [
    path("", dashboard.dashboard, name="index"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.auth_views.LogoutView.as_view(next_page="/staff/login/"), name="logout"),
    path("units/", registry.units, name="units"),
    path("people/", registry.people, name="people"),
    path("certificates/", registry.certificates, name="certificates"),
    path("powers/", registry.powers, name="powers"),
    path("inspections/", acts.inspections, name="inspections"),
    path("inspections/new/", acts.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", acts.inspection_detail, name="inspection_detail"),
    path("cases/", acts.cases, name="cases"),
    path("cases/<int:pk>/", acts.case_detail, name="case_detail"),
    path("cases/<int:pk>/transition/", acts.case_transition, name="case_transition"),
    path("cases/<int:pk>/review/", acts.case_review, name="case_review"),
    path("cases/<int:pk>/discussion/", acts.case_discussion, name="case_discussion"),
    path("alerts/", supervision.alerts, name="alerts"),
    path("alerts/<int:pk>/", supervision.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/action/", supervision.alert_action, name="alert_action"),
    path("reports/", jobs.job_list, name="jobs"),
    path("reports/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("reports/<int:pk>/download/", jobs.job_download, name="job_download"),
]
