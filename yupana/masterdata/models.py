"""Customers, products and suppliers. Every row belongs to one company (CompanyOwned)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from yupana.companies.models import CompanyOwned

from . import catalogs, validation

PRICE_PLACES = 4  # unit prices and costs: 4 decimals (SUNAT allows up to 10; users type 2-4)
MONEY_PLACES = 2  # credit limits


def search_key(*parts) -> str:
    """Lower-case, accent-free text for substring search ("Pérez" is found by "perez")."""
    text = " ".join(str(p) for p in parts if p)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class Currency(models.TextChoices):
    PEN = "PEN", "Soles (S/)"
    USD = "USD", "Dólares (US$)"


class MasterRecord(CompanyOwned):
    """Fields and behaviour shared by the three kinds of master data."""

    is_active = models.BooleanField("activo", default=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("modificado", auto_now=True)

    class Meta:
        abstract = True

    def search_parts(self) -> tuple:
        raise NotImplementedError

    def clean_fields(self, exclude=None):
        """One message per field: the catalog's message says more than "too long" after it."""
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            raise ValidationError({name: errors[:1] for name, errors in exc.error_dict.items()})

    def duplicate_error(self, exclude) -> dict | None:
        """{field: message} naming the existing record when this one would duplicate it."""
        return None

    def validate_constraints(self, exclude=None):
        error = self.duplicate_error(exclude or set())
        if error:
            raise ValidationError(error)
        super().validate_constraints(exclude=exclude)

    def _others(self):
        return type(self).objects.filter(company_id=self.company_id).exclude(pk=self.pk)

    def save(self, *args, **kwargs):
        self.search_text = search_key(*self.search_parts())[:400]
        super().save(*args, **kwargs)


class Customer(MasterRecord):
    document_type = models.CharField("tipo de documento", max_length=1,
                                     choices=list(catalogs.DOCUMENT_TYPES.items()), default="6")
    document_number = models.CharField("número de documento", max_length=15, blank=True)
    name = models.CharField("nombre o razón social", max_length=200)
    address = models.CharField("dirección", max_length=300, blank=True)
    emails = models.CharField("correos", max_length=400, blank=True,
                              help_text="Uno o más correos separados por comas.")
    phone = models.CharField("teléfono", max_length=40, blank=True)
    credit_enabled = models.BooleanField("crédito habilitado", default=False)
    credit_limit = models.DecimalField("límite de crédito", max_digits=14, decimal_places=MONEY_PLACES,
                                       default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    credit_days = models.PositiveSmallIntegerField("días de crédito", default=0)

    class Meta:
        verbose_name = "cliente"
        verbose_name_plural = "clientes"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "document_type", "document_number"],
                                    condition=~Q(document_type=catalogs.NO_DOCUMENT),
                                    name="customer_unique_document_per_company",
                                    violation_error_message="Ya existe un cliente con ese documento."),
        ]
        indexes = [
            models.Index(fields=["company", "name"], name="customer_company_name"),
            models.Index(fields=["company", "document_number"], name="customer_company_docnum"),
            # covers the search: the database tests search_text without reading the rows
            # the filters' columns too, so a filtered list is counted without reading the rows
            models.Index(fields=["company", "is_active", "name", "search_text", "document_type", "credit_enabled"],
                         name="customer_company_filter"),
        ]

    def __str__(self):
        return f"{self.name} ({self.document_label})" if self.document_number else self.name

    @property
    def document_label(self) -> str:
        kind = catalogs.DOCUMENT_TYPES.get(self.document_type, self.document_type)
        return f"{kind} {self.document_number}".strip()

    def search_parts(self):
        return (self.name, self.document_number, self.emails)

    def duplicate_error(self, exclude):
        if "document_number" in exclude or self.document_type == catalogs.NO_DOCUMENT or not self.document_number:
            return None
        other = self._others().filter(document_type=self.document_type,
                                      document_number=self.document_number).first()
        if other:
            return {"document_number": f"Ya existe un cliente con {self.document_label}: «{other.name}»."}
        return None

    def clean(self):
        errors = {}
        try:
            self.document_number = validation.validate_document(self.document_type, self.document_number)
        except ValidationError as exc:
            errors["document_number"] = exc.messages
        try:
            self.emails = validation.normalize_emails(self.emails)
        except ValidationError as exc:
            errors["emails"] = exc.messages
        self.name = " ".join((self.name or "").split())
        if errors:
            raise ValidationError(errors)


class Product(MasterRecord):
    code = models.CharField("código", max_length=30)
    description = models.CharField("descripción", max_length=250)
    unit_code = models.CharField("unidad de medida", max_length=3, default="NIU",
                                 validators=[validation.validate_unit])
    price = models.DecimalField("precio de venta", max_digits=16, decimal_places=PRICE_PLACES,
                                validators=[MinValueValidator(Decimal("0"))])
    price_includes_igv = models.BooleanField("precio incluye IGV", default=True)
    currency = models.CharField("moneda", max_length=3, choices=Currency.choices, default=Currency.PEN)
    igv_affectation = models.CharField("afectación del IGV", max_length=2, default="10",
                                       validators=[validation.validate_igv_affectation])
    icbper = models.BooleanField("afecto a ICBPER (bolsas plásticas)", default=False)
    stock_control = models.BooleanField("controla stock", default=False)
    cost = models.DecimalField("costo", max_digits=16, decimal_places=PRICE_PLACES, default=Decimal("0"),
                               validators=[MinValueValidator(Decimal("0"))])
    sunat_code = models.CharField("código de producto SUNAT", max_length=8, blank=True,
                                  validators=[validation.validate_product_code])

    class Meta:
        verbose_name = "producto"
        verbose_name_plural = "productos"
        ordering = ["description", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="product_unique_code_per_company",
                                    violation_error_message="Ya existe un producto con ese código."),
        ]
        indexes = [
            models.Index(fields=["company", "description"], name="product_company_description"),
            models.Index(fields=["company", "is_active", "description", "search_text", "unit_code", "currency",
                                 "igv_affectation"], name="product_company_filter"),
            # not is_active: with it SQLite would pick this smaller index for searches too
            models.Index(fields=["company", "price"], name="product_company_price"),
        ]

    def __str__(self):
        return f"{self.code} - {self.description}"

    @property
    def is_service(self) -> bool:
        return self.unit_code == "ZZ"

    def search_parts(self):
        return (self.code, self.description)

    def duplicate_error(self, exclude):
        if "code" in exclude or not self.code:
            return None
        other = self._others().filter(code=self.code).first()
        if other:
            return {"code": f"Ya existe un producto con el código {self.code}: «{other.description}»."}
        return None

    def clean_fields(self, exclude=None):
        self.code = (self.code or "").strip()
        self.description = " ".join((self.description or "").split())
        self.unit_code = (self.unit_code or "").strip().upper()
        self.sunat_code = validation.compact(self.sunat_code)
        super().clean_fields(exclude=exclude)


class Supplier(MasterRecord):
    ruc = models.CharField("RUC", max_length=11, validators=[validation.validate_ruc])
    name = models.CharField("razón social", max_length=200)
    address = models.CharField("dirección", max_length=300, blank=True)
    contact = models.CharField("contacto", max_length=120, blank=True)
    email = models.EmailField("correo", blank=True)
    phone = models.CharField("teléfono", max_length=40, blank=True)

    class Meta:
        verbose_name = "proveedor"
        verbose_name_plural = "proveedores"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "ruc"], name="supplier_unique_ruc_per_company",
                                    violation_error_message="Ya existe un proveedor con ese RUC."),
        ]
        indexes = [
            models.Index(fields=["company", "name"], name="supplier_company_name"),
            models.Index(fields=["company", "is_active", "name", "search_text"], name="supplier_company_search"),
        ]

    def __str__(self):
        return f"{self.name} (RUC {self.ruc})"

    def search_parts(self):
        return (self.name, self.ruc, self.contact)

    def duplicate_error(self, exclude):
        if "ruc" in exclude or not self.ruc:
            return None
        other = self._others().filter(ruc=self.ruc).first()
        if other:
            return {"ruc": f"Ya existe un proveedor con RUC {self.ruc}: «{other.name}»."}
        return None

    def clean_fields(self, exclude=None):
        self.ruc = validation.compact(self.ruc)
        self.name = " ".join((self.name or "").split())
        self.email = (self.email or "").strip()
        super().clean_fields(exclude=exclude)
