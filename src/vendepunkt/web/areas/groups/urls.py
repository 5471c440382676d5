from django.urls import path

from . import views

urlpatterns = [
    path("grupper/", views.group_list, name="groups"),
    path("grupper/ny/", views.group_new, name="group-new"),
    path("grupper/<int:group_id>/", views.group_detail, name="group-detail"),
    path("grupper/<int:group_id>/ny-serie/", views.series_new, name="group-series-new"),
    path("grupper/<int:group_id>/nyt-moede/", views.session_new, name="group-session-new"),
    path(
        "grupper/medlemskaber/<int:membership_id>/afslut/",
        views.membership_end,
        name="group-membership-end",
    ),
    path("grupper/moeder/<int:session_id>/", views.session_detail, name="group-session"),
    path(
        "grupper/moeder/<int:session_id>/aflys/", views.session_cancel, name="group-session-cancel"
    ),
    path("grupper/moeder/<int:session_id>/notat/", views.session_note, name="group-session-note"),
    path("borgere/<int:pk>/grupper/tilmeld/", views.member_add, name="group-member-add"),
]
