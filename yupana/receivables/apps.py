from django.apps import AppConfig


class ReceivablesConfig(AppConfig):
    name = "yupana.receivables"
    label = "receivables"
    verbose_name = "Cuentas por cobrar"
