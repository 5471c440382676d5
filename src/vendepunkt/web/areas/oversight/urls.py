from django.urls import path

from . import views

urlpatterns = [
    path("klager/", views.complaints, name="complaints"),
    path("klager/ny/", views.complaint_new, name="complaint-new"),
    path("klager/klagevej/", views.complaint_route, name="complaint-route"),
    path("klager/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("klager/<int:pk>/genvurdering/", views.complaint_reassess, name="complaint-reassess"),
    path("klager/<int:pk>/videresend/", views.complaint_forward, name="complaint-forward"),
    path("leverandoerer/", views.providers, name="providers"),
    path("leverandoerer/ny/", views.provider_new, name="provider-new"),
    path("kvalitetsstandard/", views.my_standard, name="my-standard"),
    path("personale/", views.staff, name="staff"),
    path("personale/<int:pk>/", views.staff_edit, name="staff-edit"),
    path("sikkerhedslog/", views.security_log, name="security-log"),
    path("meddelelser/<int:pk>/set/", views.notice_seen, name="notice-seen"),
]
