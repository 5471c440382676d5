from django.urls import path

from . import views

urlpatterns = [
    path("borgere/<int:pk>/journal/", views.journal, name="journal"),
    path("borgere/<int:pk>/journal/nyt-notat/", views.note_new, name="journal-note-new"),
    path("journal/notater/<int:note_id>/", views.note_detail, name="journal-note"),
    path("journal/notater/<int:note_id>/ret/", views.note_edit, name="journal-note-edit"),
    path("journal/notater/<int:note_id>/underskriv/", views.note_sign, name="journal-note-sign"),
    path(
        "journal/notater/<int:note_id>/tilfoej-rettelse/",
        views.note_amend,
        name="journal-note-amend",
    ),
]
