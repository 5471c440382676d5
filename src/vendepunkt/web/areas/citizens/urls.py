from django.urls import path

from . import rights, views

urlpatterns = [
    path("borgere/", views.search, name="citizen-search"),
    path("borgere/ny/", views.citizen_new, name="citizen-new"),
    path("borgere/ny-anonym/", views.anonymous_new, name="citizen-anonymous-new"),
    path("borgere/<int:pk>/", views.detail, name="citizen-detail"),
    path("borgere/<int:pk>/sammenkaed/", views.link, name="citizen-link"),
    path("borgere/<int:pk>/ret/", views.correct, name="citizen-correct"),
    path("borgere/<int:pk>/underretning/", views.notification_check, name="citizen-notification"),
    path("borgere/<int:pk>/adgangslog/", views.access_log, name="citizen-access-log"),
    path("borgere/<int:pk>/adgangslog.csv", rights.access_log_csv, name="citizen-access-log-csv"),
    path("borgere/<int:pk>/indsigt/", rights.insight, name="citizen-insight"),
]
