from django.apps import AppConfig


class MasterdataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yupana.masterdata"
    verbose_name = "Clientes, productos y proveedores"
