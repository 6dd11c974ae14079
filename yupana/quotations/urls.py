from django.urls import path

from . import public, views

app_name = "quotations"

urlpatterns = [
    path("", views.quotation_list, name="quotation_list"),
    path("nueva/", views.quotation_create, name="quotation_create"),
    path("totales/", views.quotation_preview, name="quotation_preview"),
    path("panel/", views.dashboard_panel, name="dashboard"),
    path("<int:pk>/", views.quotation_detail, name="quotation_detail"),
    path("<int:pk>/editar/", views.quotation_edit, name="quotation_edit"),
    path("<int:pk>/enviar/", views.quotation_send, name="quotation_send"),
    path("<int:pk>/pdf/", views.quotation_pdf, name="quotation_pdf"),
    path("<int:pk>/version/<int:version>/", views.quotation_version, name="quotation_version"),
    path("<int:pk>/facturar/", views.quotation_convert, name="quotation_convert"),
    path("c/<str:token>/", public.public_quotation, name="public"),
    path("c/<str:token>/pdf/", public.public_pdf, name="public_pdf"),
]
