"""Tenants: the company that issues documents, its plan, its document series and SUNAT settings.

Every business table inherits CompanyOwned, and every query goes through `.for_company(company)`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from . import crypto
from .validators import validate_establishment_code, validate_ruc, validate_ubigeo


class Plan(models.Model):
    """What a company pays for. Data the platform operator edits in the admin (Básico, Premium...)."""

    name = models.CharField("nombre", max_length=60, unique=True)
    max_sessions = models.PositiveSmallIntegerField(
        "sesiones simultáneas", help_text="Cuántos usuarios de la empresa pueden estar conectados a la vez."
    )
    stock_control = models.BooleanField("control de stock por producto", default=False)
    credit_control = models.BooleanField("control de crédito de clientes", default=False)

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "planes"
        ordering = ["max_sessions", "name"]

    def __str__(self) -> str:
        return self.name


class IgvRegime(models.TextChoices):
    GENERAL = "general", "General (IGV 18%)"
    # Ley 31556: restaurants, hotels and lodgings of MYPEs pay 10% IGV + 0.5% IPM.
    REDUCED = "reducido", "Tasa reducida MYPE restaurantes y hoteles (10.5%)"


class SunatEnvironment(models.TextChoices):
    SIMULATOR = "simulador", "Simulador incluido (pruebas sin internet)"
    BETA = "beta", "SUNAT beta (homologación)"
    PRODUCTION = "produccion", "SUNAT producción"
    OSE = "ose", "OSE (operador de servicios electrónicos)"


class Policy(models.TextChoices):
    BLOCK = "bloquear", "Bloquear la venta"
    WARN = "advertir", "Advertir y permitir"


class BoletaDispatch(models.TextChoices):
    SUMMARY = "resumen", "En el resumen diario (RC)"
    INDIVIDUAL = "individual", "Una por una (sendBill)"


SUNAT_BILL_SERVICE = {
    SunatEnvironment.BETA: "https://e-beta.sunat.gob.pe/ol-ti-itcpfegem-beta/billService",
    SunatEnvironment.PRODUCTION: "https://e-factura.sunat.gob.pe/ol-ti-itcpfegem/billService",
}


class Company(models.Model):
    """The issuer (emisor): one tenant of Yupana."""

    ruc = models.CharField("RUC", max_length=11, unique=True, validators=[validate_ruc])
    business_name = models.CharField("razón social", max_length=200)
    trade_name = models.CharField("nombre comercial", max_length=200, blank=True)
    # Domicilio fiscal.
    ubigeo = models.CharField("ubigeo", max_length=6, validators=[validate_ubigeo])
    address = models.CharField("dirección", max_length=250)
    urbanization = models.CharField("urbanización", max_length=100, blank=True)
    district = models.CharField("distrito", max_length=100)
    province = models.CharField("provincia", max_length=100)
    department = models.CharField("departamento", max_length=100)
    establishment_code = models.CharField(
        "código de establecimiento", max_length=4, default="0000", validators=[validate_establishment_code]
    )
    email = models.EmailField("correo", blank=True)
    phone = models.CharField("teléfono", max_length=30, blank=True)
    logo = models.ImageField("logo", upload_to="logos/", blank=True)

    plan = models.ForeignKey(Plan, verbose_name="plan", on_delete=models.PROTECT, related_name="companies")
    igv_regime = models.CharField("régimen de IGV", max_length=10, choices=IgvRegime.choices,
                                  default=IgvRegime.GENERAL)
    # Rules at sale time (used when the plan switches the feature on).
    credit_policy = models.CharField("venta sobre el límite de crédito", max_length=10, choices=Policy.choices,
                                     default=Policy.BLOCK)
    stock_policy = models.CharField("venta sin stock suficiente", max_length=10, choices=Policy.choices,
                                    default=Policy.BLOCK)
    boleta_dispatch = models.CharField("envío de boletas", max_length=12, choices=BoletaDispatch.choices,
                                       default=BoletaDispatch.SUMMARY)

    # SUNAT connection. Secrets are stored encrypted (crypto.encrypt) and never shown again.
    sunat_environment = models.CharField("ambiente SUNAT", max_length=12, choices=SunatEnvironment.choices,
                                         default=SunatEnvironment.SIMULATOR)
    ose_url = models.URLField("URL del OSE", blank=True)
    sol_user = models.CharField("usuario SOL", max_length=30, blank=True,
                                validators=[RegexValidator(r"^[A-Za-z0-9]*$", "El usuario SOL solo lleva letras y números.")])
    sol_password_encrypted = models.TextField(blank=True, editable=False)
    certificate_encrypted = models.TextField(blank=True, editable=False)
    certificate_password_encrypted = models.TextField(blank=True, editable=False)
    certificate_subject = models.CharField("titular del certificado", max_length=500, blank=True, editable=False)
    certificate_not_after = models.DateTimeField("certificado vigente hasta", null=True, blank=True, editable=False)
    certificate_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)

    is_active = models.BooleanField("activa", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "empresa"
        verbose_name_plural = "empresas"
        ordering = ["business_name"]

    def __str__(self) -> str:
        return f"{self.business_name} ({self.ruc})"

    def clean(self) -> None:
        if self.sunat_environment == SunatEnvironment.OSE and not self.ose_url:
            raise ValidationError({"ose_url": "Indique la URL del OSE para usar ese ambiente."})

    @property
    def display_name(self) -> str:
        return self.trade_name or self.business_name

    # --- SUNAT connection (read by the invoicing layer) ---
    @property
    def has_sol_password(self) -> bool:
        return bool(self.sol_password_encrypted)

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_encrypted)

    def set_sol_password(self, password: str) -> None:
        self.sol_password_encrypted = crypto.encrypt(password) if password else ""

    def sol_password(self) -> str:
        return crypto.decrypt_text(self.sol_password_encrypted) if self.sol_password_encrypted else ""

    def sol_username(self) -> str:
        """SUNAT's SOAP user: the RUC followed by the SOL user (e.g. 20123456786MODDATOS)."""
        return f"{self.ruc}{self.sol_user}"

    def certificate_pkcs12(self) -> tuple[bytes, str]:
        """The uploaded .pfx bytes and its password, decrypted (ValueError when none was uploaded)."""
        if not self.certificate_encrypted:
            raise ValueError("La empresa no tiene certificado digital cargado.")
        return (crypto.decrypt(self.certificate_encrypted),
                crypto.decrypt_text(self.certificate_password_encrypted))

    def sunat_bill_service_url(self) -> str:
        """The billService endpoint for the configured environment."""
        if self.sunat_environment == SunatEnvironment.SIMULATOR:
            from yupana.simulator import BILL_PATH

            return f"{settings.YUPANA_SIMULATOR_URL.rstrip('/')}{BILL_PATH}"
        if self.sunat_environment == SunatEnvironment.OSE:
            return self.ose_url
        return SUNAT_BILL_SERVICE[SunatEnvironment(self.sunat_environment)]


class CompanyOwnedQuerySet(models.QuerySet):
    def for_company(self, company: Company) -> "CompanyOwnedQuerySet":
        """Only the rows of this tenant. Every view and selector starts here."""
        return self.filter(company=company)


class CompanyOwned(models.Model):
    """Abstract base of every business model: the row belongs to one company."""

    company = models.ForeignKey(Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="+")

    objects = CompanyOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class DocumentType(models.TextChoices):
    """SUNAT catalog 01, the types this app numbers."""

    FACTURA = "01", "Factura"
    BOLETA = "03", "Boleta de venta"
    CREDIT_NOTE = "07", "Nota de crédito"
    DEBIT_NOTE = "08", "Nota de débito"


class Series(CompanyOwned):
    """A numbering series (F001, B001, FC01...) of one document type at one establishment."""

    document_type = models.CharField("tipo de comprobante", max_length=2, choices=DocumentType.choices)
    code = models.CharField("serie", max_length=4)
    establishment_code = models.CharField("establecimiento", max_length=4, default="0000",
                                          validators=[validate_establishment_code])
    next_number = models.PositiveIntegerField("siguiente número", default=1)
    is_active = models.BooleanField("activa", default=True)

    class Meta:
        verbose_name = "serie"
        verbose_name_plural = "series"
        ordering = ["document_type", "code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "document_type", "code"], name="series_unique_per_type",
                                    violation_error_message="Ya existe esa serie para ese tipo de comprobante."),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        import re

        code = (self.code or "").upper()
        self.code = code
        if not re.fullmatch(r"[FB][A-Z0-9]{3}", code):
            raise ValidationError({"code": "La serie tiene 4 caracteres: F o B seguida de 3 letras o dígitos (F001, B001, FC01)."})
        if self.document_type == DocumentType.FACTURA and not code.startswith("F"):
            raise ValidationError({"code": "La serie de una factura empieza con F (por ejemplo F001)."})
        if self.document_type == DocumentType.BOLETA and not code.startswith("B"):
            raise ValidationError({"code": "La serie de una boleta empieza con B (por ejemplo B001)."})
        if self.next_number is not None and self.next_number > 99999999:
            raise ValidationError({"next_number": "El correlativo no puede pasar de 99999999."})
