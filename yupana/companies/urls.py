from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.settings_view, name="settings"),
    path("empresa/", views.company_edit, name="company_edit"),
    path("sunat/", views.sunat_edit, name="sunat_edit"),
    path("certificado/", views.certificate_upload, name="certificate_upload"),
    path("series/nueva/", views.series_edit, name="series_create"),
    path("series/<int:pk>/", views.series_edit, name="series_edit"),
    path("auditoria/", views.audit_log, name="audit_log"),
    path("logo/", views.logo, name="logo"),
]
