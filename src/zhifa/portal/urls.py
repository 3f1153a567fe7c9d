from django.urls import path

from . import inspection_code, views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/powers/", views.unit_powers, name="unit_powers"),
    path("clue/", views.clue, name="clue"),
    path("clue/status/", views.clue_status, name="clue_status"),
    path("inspection/<str:token>/", inspection_code.inspection_code, name="inspection_code"),
]
