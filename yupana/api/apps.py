from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "yupana.api"
    label = "api"
    verbose_name = "API y webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .webhooks import signals  # noqa: F401  (subscribes to the business events)
