from django.apps import AppConfig


class EinvoicingConfig(AppConfig):
    name = "yupana.einvoicing"
    label = "einvoicing"
    verbose_name = "Comprobantes electrónicos"
