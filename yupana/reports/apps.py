from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "yupana.reports"
    label = "reports"
    verbose_name = "Reportes"
