from django.urls import path

from . import views

urlpatterns = [
    path("rapporter/", views.dashboard, name="reports"),
    path("rapporter/eksport.<str:fmt>", views.dashboard_export, name="reports-export"),
    path("rapporter/maalopfyldelse/", views.annex, name="reports-annex"),
    path("rapporter/maalopfyldelse/pdf/", views.annex_pdf, name="reports-annex-pdf"),
    path(
        "rapporter/maalopfyldelse/eksport.<str:fmt>",
        views.annex_export,
        name="reports-annex-export",
    ),
]
