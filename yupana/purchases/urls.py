from django.urls import path

from . import views

app_name = "purchases"

urlpatterns = [
    path("", views.purchase_list_view, name="purchase_list"),
    path("nueva/", views.purchase_create, name="purchase_create"),
    path("importar/", views.xml_import, name="xml_import"),
    path("importar/revisar/", views.xml_review, name="xml_review"),
    path("cuentas-por-pagar/", views.payable_list, name="payable_list"),
    path("<int:pk>/", views.purchase_detail, name="purchase_detail"),
    path("<int:pk>/xml/", views.purchase_xml, name="purchase_xml"),
    path("<int:pk>/pagar/", views.payment_create, name="payment_create"),
]
