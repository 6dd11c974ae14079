from django.urls import path

from . import views

app_name = "sales"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("nueva/", views.sale_create, name="sale_create"),
    path("nueva/totales/", views.sale_preview, name="sale_preview"),
    path("nueva/linea/", views.line_row, name="line_row"),
    path("nueva/productos/", views.product_picker, name="product_picker"),
    path("nueva/clientes/", views.customer_picker, name="customer_picker"),
    path("nueva/clientes/crear/", views.customer_quick_create, name="customer_quick_create"),
    path("resumen/", views.summary_send, name="summary_send"),
    path("exportar/", views.export, name="export"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/estado/", views.document_status, name="document_status"),
    path("<int:pk>/archivo/<str:kind>/", views.document_file, name="document_file"),
    path("<int:pk>/anular/", views.document_void, name="document_void"),
    path("<int:pk>/enviar/", views.document_retry, name="document_retry"),
    path("<int:pk>/nota/<str:doc_type>/", views.note_create, name="note_create"),
    path("<int:pk>/nota/<str:doc_type>/totales/", views.note_preview, name="note_preview"),
]
