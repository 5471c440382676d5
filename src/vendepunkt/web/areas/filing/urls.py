from django.urls import path

from . import views

urlpatterns = [
    path("borgere/<int:pk>/dokumenter/", views.documents, name="documents"),
    path("borgere/<int:pk>/dokumenter/upload/", views.upload, name="document-upload"),
    path("dokumenter/<int:document_id>/hent/", views.download, name="document-download"),
]
