from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "yupana.delivery"
    label = "delivery"
    verbose_name = "Entrega de comprobantes"
