from django.urls import path

from . import views

urlpatterns = [
    path("visitation/", views.agenda_view, name="visitation"),
    path(
        "forloeb/<int:course_id>/ansoegning/ny/",
        views.application_new,
        name="application-new",
    ),
    path(
        "ansoegninger/<int:application_id>/afgoerelse/",
        views.decision_new,
        name="decision-new",
    ),
    path(
        "ansoegninger/<int:application_id>/afgoerelse/berettigelse/",
        views.decision_eligibility,
        name="decision-eligibility",
    ),
    path("afgoerelser/<int:decision_id>/brev/", views.decision_letter, name="decision-letter"),
    path(
        "afgoerelser/<int:decision_id>/brev/dokument/",
        views.decision_letter_document,
        name="decision-letter-html",
    ),
    path(
        "afgoerelser/<int:decision_id>/brev/pdf/",
        views.decision_letter_download,
        name="decision-letter-pdf",
    ),
    path(
        "afgoerelser/<int:decision_id>/forlaengelse/",
        views.decision_extend,
        name="decision-extend",
    ),
    path("afgoerelser/<int:decision_id>/sendt/", views.decision_sent, name="decision-sent"),
    path("forloeb/<int:course_id>/fravigelse/", views.waiver_new, name="waiver-new"),
    path("afgoerelser/<int:decision_id>/frit-valg/", views.free_choice, name="free-choice"),
]
