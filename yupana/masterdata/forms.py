"""Forms only shape the input; the services validate and save. Premium-only fields are removed from
the form when the company's plan does not include them."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from . import catalogs, services
from .importing import SKIP, UPDATE, Resource
from .models import Customer, Product, Supplier


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["document_type", "document_number", "name", "address", "emails", "phone",
                  "credit_enabled", "credit_limit", "credit_days"]
        widgets = {
            "document_number": forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
            "emails": forms.TextInput(attrs={"type": "text", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.company = company
        if not services.plan_allows(company, "credit_control"):
            for name in ("credit_enabled", "credit_limit", "credit_days"):
                del self.fields[name]
        self.fields["document_number"].help_text = "RUC de 11 dígitos, DNI de 8. Vacío si es «Sin documento»."


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["code", "description", "unit_code", "price", "price_includes_igv", "currency",
                  "igv_affectation", "icbper", "stock_control", "cost", "sunat_code"]
        widgets = {
            "unit_code": forms.TextInput(attrs={"list": "unit-options", "autocomplete": "off",
                                                "style": "text-transform:uppercase"}),
            "price": forms.NumberInput(attrs={"step": "0.0001", "min": "0", "inputmode": "decimal"}),
            "cost": forms.NumberInput(attrs={"step": "0.0001", "min": "0", "inputmode": "decimal"}),
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.company = company
        self.fields["igv_affectation"] = forms.ChoiceField(
            label="Afectación del IGV", choices=catalogs.igv_choices(), initial="10")
        self.fields["unit_code"].help_text = "Escriba para buscar: NIU (unidad), ZZ (servicio), KGM, LTR…"
        self.fields["unit_code"].widget.attrs.update({
            "hx-get": reverse("masterdata:unit_options"), "hx-trigger": "input changed delay:250ms",
            "hx-target": "#unit-options", "hx-swap": "innerHTML"})
        self.fields["sunat_code"].help_text = "Opcional: código del catálogo 25 de SUNAT (8 dígitos)."
        if not services.plan_allows(company, "stock_control"):
            del self.fields["stock_control"]


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["ruc", "name", "address", "contact", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"}),
                   "ruc": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.company = company


MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # a 100,000-row .xlsx of customers is about 8 MB


class UploadForm(forms.Form):
    file = forms.FileField(label="Archivo (.xlsx o .csv)",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}))
    duplicates = forms.ChoiceField(
        label="Si un registro ya existe", initial=UPDATE, widget=forms.RadioSelect,
        choices=[(UPDATE, "Actualizarlo con los datos del archivo"), (SKIP, "Dejarlo como está (omitir la fila)")])


    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"El archivo pesa {upload.size / 1024 / 1024:.0f} MB; el máximo es {MAX_UPLOAD_BYTES // 1024 // 1024} MB. "
                "Divídalo o use el comando «yupana import».")
        return upload


class MappingForm(forms.Form):
    """One select per field of the resource, offering the file's columns."""

    def __init__(self, *args, resource: Resource, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— No importar —")] + [(str(i), h or f"(columna {i + 1} sin título)") for i, h in enumerate(headers)]
        for f in resource.fields:
            index = initial_mapping.get(f.name)
            self.fields[f.name] = forms.ChoiceField(
                label=f.label + (" *" if f.required else ""), choices=choices, required=False,
                initial="" if index is None else str(index), help_text=f.help)

    def mapping(self) -> dict[str, int | None]:
        return {name: (int(value) if value not in ("", None) else None) for name, value in self.cleaned_data.items()}
