from django.urls import include, path

from vendepunkt.web import views

urlpatterns = [
    path("", views.start, name="start"),
    path("standarder/<slug:standard_id>/", views.standard_document, name="standard-document"),
    path("standarder/<slug:standard_id>/pdf/", views.standard_pdf, name="standard-pdf"),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "vendepunkt.web.views.bad_request"
handler403 = "vendepunkt.web.views.permission_denied"
handler404 = "vendepunkt.web.views.not_found"
handler500 = "vendepunkt.web.views.server_error"
