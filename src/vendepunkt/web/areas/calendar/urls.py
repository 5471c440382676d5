from django.urls import path

from . import views

urlpatterns = [
    path("kalender/", views.home, name="calendar"),
    path("kalender/medarbejder/<int:user_id>/", views.staff_calendar, name="calendar-staff"),
    path("kalender/team/<int:team_id>/", views.team_calendar, name="calendar-team"),
    path("kalender/lokale/<int:room_id>/", views.room_calendar, name="calendar-room"),
    path("kalender/forloeb/<int:course_id>/ny-aftale/", views.book, name="calendar-book"),
    path("kalender/aftaler/<int:appointment_id>/", views.detail, name="calendar-appointment"),
    path("kalender/aftaler/<int:appointment_id>/flyt/", views.move, name="calendar-move"),
    path("kalender/aftaler/<int:appointment_id>/aflys/", views.cancel, name="calendar-cancel"),
    path(
        "kalender/aftaler/<int:appointment_id>/fremmoede/",
        views.attendance,
        name="calendar-attendance",
    ),
    path(
        "kalender/aftaler/<int:appointment_id>/aktiv-kontakt/",
        views.active_contact,
        name="calendar-contact",
    ),
]
