from django.urls import path

from . import views

urlpatterns = [
    path("henvendelse/ny/", views.contact_new, name="contact-new"),
    path("forloeb/<int:course_id>/raadgivning/", views.counselling_new, name="counselling-new"),
    path("forloeb/<int:course_id>/udredning/ny/", views.assessment_new, name="assessment-new"),
    path("forloeb/<int:course_id>/udredning/beregn/", views.asi_preview, name="asi-preview"),
    path("forloeb/<int:course_id>/udredninger/", views.assessments, name="assessments"),
    path(
        "forloeb/<int:course_id>/udgaaende/",
        views.outreach_assessment,
        name="outreach-assessment",
    ),
]
