from django.urls import path

from . import views

urlpatterns = [
    path("registre/", views.index, name="registers"),
    path("registre/udtraek/", views.download, name="register-download"),
    path("registre/fhir/", views.fhir_download, name="register-fhir"),
    path("registre/fhir/klient/", views.fhir_citizen, name="register-fhir-citizen"),
]
