from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yupana.audit"
    label = "audit"
    verbose_name = "Auditoría"
