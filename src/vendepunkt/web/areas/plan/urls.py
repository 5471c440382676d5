"""The plan area's URLs: Danish paths, integer keys only (the treatment course's pk)."""

from django.urls import path

from . import views

urlpatterns = [
    path("behandling/<int:pk>/plan/", views.plan_view, name="plan"),
    path("behandling/<int:pk>/plan/rediger/", views.plan_edit_view, name="plan-edit"),
    path("behandling/<int:pk>/plan/underskrift/", views.plan_sign_view, name="plan-sign"),
    path("behandling/<int:pk>/plan/gennemgang/", views.plan_review_view, name="plan-review"),
    path("behandling/<int:pk>/plan/sammenlign/", views.plan_compare_view, name="plan-compare"),
    path("behandling/<int:pk>/udskrivning/", views.discharge_view, name="discharge"),
    path("behandling/<int:pk>/opfoelgning/", views.follow_up_record_view, name="follow-up-record"),
    path("opfoelgning/", views.follow_ups_view, name="follow-ups"),
]
