from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "yupana.companies"
    label = "companies"
    verbose_name = "Empresas"
