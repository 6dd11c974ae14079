from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "yupana.sales"
    label = "sales"
    verbose_name = "Ventas"
