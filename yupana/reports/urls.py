from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("comprobantes/", views.documents, name="documents"),
    path("comprobantes/excel/", views.documents_xlsx, name="documents_xlsx"),
    path("comprobantes/pdf/", views.documents_pdf, name="documents_pdf"),
    path("comprobantes/zip/", views.documents_zip, name="documents_zip"),
    path("panel/", views.dashboard, name="dashboard"),
]
