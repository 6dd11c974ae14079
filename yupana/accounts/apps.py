from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yupana.accounts"
    label = "accounts"
    verbose_name = "Usuarios"
