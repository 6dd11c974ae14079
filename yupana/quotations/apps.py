from django.apps import AppConfig


class QuotationsConfig(AppConfig):
    name = "yupana.quotations"
    label = "quotations"
    verbose_name = "Cotizaciones"
