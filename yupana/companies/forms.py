"""Company settings forms: shape only, the services apply the rules."""

from __future__ import annotations

from django import forms

from .models import Company, DocumentType, Series

COMPANY_FIELDS = ["business_name", "trade_name", "ubigeo", "address", "urbanization", "district", "province",
                  "department", "establishment_code", "email", "phone", "logo", "igv_regime", "credit_policy",
                  "stock_policy"]


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = COMPANY_FIELDS
        error_messages = {
            "business_name": {"required": "Escriba la razón social."},
            "ubigeo": {"required": "Escriba el ubigeo del domicilio fiscal."},
            "address": {"required": "Escriba la dirección del domicilio fiscal."},
            "district": {"required": "Escriba el distrito."},
            "province": {"required": "Escriba la provincia."},
            "department": {"required": "Escriba el departamento."},
            "logo": {"invalid_image": "El logo debe ser una imagen PNG o JPG."},
        }


class SunatForm(forms.ModelForm):
    ose_url = forms.URLField(label="URL del OSE", required=False, assume_scheme="https",
                             error_messages={"invalid": "Escriba una URL válida (https://...)."})
    sol_password = forms.CharField(
        label="Clave SOL", required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Déjela en blanco para conservar la clave guardada. Nunca se vuelve a mostrar.")

    class Meta:
        model = Company
        fields = ["sunat_environment", "ose_url", "sol_user", "boleta_dispatch"]


class CertificateForm(forms.Form):
    certificate = forms.FileField(label="Certificado digital (.pfx o .p12)",
                                  error_messages={"required": "Elija el archivo del certificado."})
    password = forms.CharField(label="Contraseña del certificado", required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        name = (upload.name or "").lower()
        if not name.endswith((".pfx", ".p12")):
            raise forms.ValidationError("El certificado debe ser un archivo .pfx o .p12.")
        if upload.size > 100 * 1024:
            raise forms.ValidationError("El archivo es demasiado grande para ser un certificado (más de 100 KB).")
        return upload


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["document_type", "code", "establishment_code", "next_number", "is_active"]
        error_messages = {"code": {"required": "Escriba la serie (por ejemplo F001)."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = DocumentType.choices
