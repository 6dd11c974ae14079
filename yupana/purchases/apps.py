from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "yupana.purchases"
    label = "purchases"
    verbose_name = "Compras"
