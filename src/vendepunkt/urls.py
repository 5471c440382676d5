from django.urls import include, path

from vendepunkt.api.urls import api
from vendepunkt.web import auth_views, views, views_worklist

urlpatterns = [
    path("", views.start, name="start"),
    path("standarder/<slug:standard_id>/", views.standard_document, name="standard-document"),
    path("standarder/<slug:standard_id>/pdf/", views.standard_pdf, name="standard-pdf"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.login_view, name="login"),
    path("login/kode/", auth_views.totp_view, name="login-totp"),
    path("login/opret-kode/", auth_views.enrol_view, name="login-enrol"),
    path("logout/", auth_views.logout_view, name="logout"),
    path("arbejdsliste/", views_worklist.worklist_view, name="worklist"),
    path("arbejdsliste/sagsbelastning/", views_worklist.caseload_view, name="caseload"),
    path("", include("vendepunkt.web.urls_staff")),
]

handler400 = "vendepunkt.errors.bad_request"
handler403 = "vendepunkt.errors.permission_denied"
handler404 = "vendepunkt.errors.not_found"
handler500 = "vendepunkt.errors.server_error"
