from django.urls import path

from . import views

urlpatterns = [
    path("forloeb/<int:course_id>/", views.course_detail, name="course-detail"),
    path(
        "forloeb/<int:course_id>/start-behandling/",
        views.treatment_start,
        name="treatment-start",
    ),
    path("forloeb/<int:course_id>/ydelser/", views.course_services, name="course-services"),
    path(
        "forloeb/<int:course_id>/laegesamtale/",
        views.doctor_consultation,
        name="course-doctor-consultation",
    ),
    path("forloeb/<int:course_id>/behandler/", views.course_treater, name="course-treater"),
    path("forloeb/<int:course_id>/fase/", views.course_phase, name="course-phase"),
    path("forloeb/<int:course_id>/sib/", views.course_sib, name="course-sib"),
    path("forloeb/<int:course_id>/aftaler/", views.course_appointments, name="course-appointments"),
    path(
        "forloeb/<int:course_id>/aftaler/<int:appointment_id>/fremmoede/",
        views.appointment_attendance,
        name="appointment-attendance",
    ),
    path("forloeb/<int:course_id>/ophold/", views.course_stays, name="course-stays"),
    path(
        "forloeb/<int:course_id>/ophold/<int:stay_id>/statusmoede/",
        views.stay_meeting,
        name="stay-meeting",
    ),
    path("forloeb/<int:course_id>/medicinsk/", views.course_medical, name="course-medical"),
    path("forloeb/<int:course_id>/haendelser/", views.course_events, name="course-events"),
]
