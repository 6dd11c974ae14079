from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("entrega/<int:pk>/", views.document_detail, name="document"),
    path("entrega/<int:pk>/descargar/<slug:kind>/", views.document_download, name="download"),
    path("entrega/<int:pk>/correo/", views.document_email, name="email"),
    path("configuracion/formatos/", views.format_settings, name="settings"),
    path("configuracion/formatos/plantilla/", views.template_save, name="template"),
    path("consulta/", views.lookup, name="lookup"),
    path("consulta/descargar/<str:token>/<slug:kind>/", views.public_download, name="public_download"),
]
