from django.urls import path

from . import views

urlpatterns = [
    path("borgere/", views.search, name="citizen-search"),
    path("borgere/ny/", views.citizen_new, name="citizen-new"),
    path("borgere/ny-anonym/", views.anonymous_new, name="citizen-anonymous-new"),
    path("borgere/<int:pk>/", views.detail, name="citizen-detail"),
    path("borgere/<int:pk>/sammenkaed/", views.link, name="citizen-link"),
    path("borgere/<int:pk>/adgangslog/", views.access_log, name="citizen-access-log"),
]
