from django.urls import path

from . import views

urlpatterns = [
    path("borgere/<int:pk>/paamindelser/", views.consent, name="citizen-reminders"),
    path(
        "borgere/<int:pk>/paamindelser/tilbagekald/",
        views.withdraw,
        name="citizen-reminders-withdraw",
    ),
]
