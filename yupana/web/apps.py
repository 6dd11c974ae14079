from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "yupana.web"
    label = "web"
    verbose_name = "Interfaz web"
