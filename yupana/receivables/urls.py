from django.urls import path

from . import views

app_name = "receivables"

urlpatterns = [
    path("", views.receivable_list, name="receivable_list"),
    path("antiguedad.<str:fmt>", views.aging_export, name="aging_export"),
    path("clientes/<int:pk>/", views.customer_account, name="customer_account"),
    path("clientes/<int:pk>/credito/", views.credit_panel, name="credit_panel"),
    path("credito/", views.sale_credit, name="sale_credit"),
    path("panel/", views.dashboard_panel, name="dashboard_panel"),
    path("clientes/<int:pk>/estado/", views.statement, name="statement"),
    path("clientes/<int:pk>/estado.<str:fmt>", views.statement_export, name="statement_export"),
    path("clientes/<int:pk>/enlace/", views.statement_link, name="statement_link"),
    path("clientes/<int:pk>/cobrar/", views.payment_create, name="payment_create"),
    path("pagos/", views.payment_list, name="payment_list"),
    path("pagos/<int:pk>/", views.payment_detail, name="payment_detail"),
    path("pagos/<int:pk>/recibo.pdf", views.payment_receipt, name="payment_receipt"),
    path("pagos/<int:pk>/anular/", views.payment_reverse_view, name="payment_reverse"),
    path("pagos/<int:pk>/aplicar-saldo/", views.payment_apply_balance_view, name="payment_apply_balance"),
    path("estados/", views.run_create, name="run_create"),
    path("estados/<int:pk>/", views.run_detail, name="run_detail"),
    path("estados/<int:pk>/descargar/", views.run_download, name="run_download"),
    path("configuracion/", views.settings_view, name="settings"),
    path("estado/<str:token>/", views.public_statement, name="public_statement"),
    path("estado/<str:token>/pdf/", views.public_statement_pdf, name="public_statement_pdf"),
]
