"""The platform operator's admin (/plataforma/): plans, companies and their series."""

from django.contrib import admin
from django.db import models

from .models import Company, Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "max_sessions", "stock_control", "credit_control"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["business_name", "ruc", "plan", "sunat_environment", "is_active", "created_at"]
    list_filter = ["plan", "is_active", "sunat_environment"]
    search_fields = ["ruc", "business_name", "trade_name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Secrets are set by the company in Configuración and never shown here.
    readonly_fields = ["certificate_subject", "certificate_not_after", "created_at"]
    fieldsets = [
        (None, {"fields": ["ruc", "business_name", "trade_name", "plan", "is_active"]}),
        ("Domicilio fiscal", {"fields": ["ubigeo", "address", "urbanization", "district", "province", "department",
                                         "establishment_code"]}),
        ("Contacto", {"fields": ["email", "phone", "logo"]}),
        ("Tributario y SUNAT", {"fields": ["igv_regime", "sunat_environment", "ose_url", "sol_user",
                                           "certificate_subject", "certificate_not_after"]}),
    ]
    # Series are created by the company itself in Configuración (CompanyOwned uses related_name="+",
    # which admin inlines do not handle).
