from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "yupana.inventory"
    label = "inventory"
    verbose_name = "Inventario"
