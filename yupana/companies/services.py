"""Changing a company's settings: every change validated, saved atomically and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yupana.audit.services import audit_record, diff, snapshot

from . import crypto
from .certificates import load_certificate
from .forms import COMPANY_FIELDS
from .models import Company, Series


@transaction.atomic
def company_update(*, company: Company, actor, data: dict) -> Company:
    before = snapshot(company, COMPANY_FIELDS)
    for name, value in data.items():
        if name in COMPANY_FIELDS:
            if name == "logo" and value is False:  # "clear" ticked on the file input
                value = ""
            setattr(company, name, value)
    company.full_clean()
    company.save()
    changes = diff(before, snapshot(company, COMPANY_FIELDS))
    if changes:
        audit_record(company=company, user=actor, action="editar empresa", instance=company, changes=changes)
    return company


SUNAT_FIELDS = ["sunat_environment", "ose_url", "sol_user", "boleta_dispatch"]


@transaction.atomic
def sunat_settings_update(*, company: Company, actor, data: dict, sol_password: str = "") -> Company:
    """Store the SUNAT connection; an empty password keeps the stored one."""
    before = snapshot(company, SUNAT_FIELDS)
    for name in SUNAT_FIELDS:
        if name in data:
            setattr(company, name, data[name])
    if sol_password:
        company.set_sol_password(sol_password)
    company.full_clean()
    company.save()
    changes = diff(before, snapshot(company, SUNAT_FIELDS))
    if sol_password:
        changes["clave SOL"] = "cambiada"
    if changes:
        audit_record(company=company, user=actor, action="editar SUNAT", instance=company, changes=changes)
    return company


@transaction.atomic
def certificate_upload(*, company: Company, actor, data: bytes, password: str, now=None) -> Company:
    """Keep a certificate only if it opens with its password, has its key, and is valid now."""
    info = load_certificate(data, password, now=now)  # CertificateError -> shown to the user
    old_subject, old_expiry = company.certificate_subject, company.certificate_not_after
    company.certificate_encrypted = crypto.encrypt(data)
    company.certificate_password_encrypted = crypto.encrypt(password or "")
    company.certificate_subject = info.subject[:500]
    company.certificate_not_after = info.not_after
    company.certificate_uploaded_at = now or timezone.now()
    company.save(update_fields=["certificate_encrypted", "certificate_password_encrypted", "certificate_subject",
                                "certificate_not_after", "certificate_uploaded_at"])
    audit_record(company=company, user=actor, action="cargar certificado", instance=company, changes={
        "titular": [old_subject or None, info.subject],
        "vence": [old_expiry, info.not_after],
    })
    return company


SERIES_FIELDS = ["document_type", "code", "establishment_code", "next_number", "is_active"]


@transaction.atomic
def series_save(*, company: Company, actor, series: Series | None, data: dict) -> Series:
    creating = series is None
    series = series or Series(company=company)
    if series.company_id != company.pk:
        raise ValidationError("La serie no pertenece a su empresa.")
    before = snapshot(series, SERIES_FIELDS) if not creating else {name: None for name in SERIES_FIELDS}
    if not creating:
        stored = Series.objects.select_for_update().get(pk=series.pk)
        if data.get("next_number") is not None and data["next_number"] < stored.next_number:
            raise ValidationError({"next_number": (
                f"El siguiente número no puede bajar de {stored.next_number}: "
                "un número ya usado no se vuelve a emitir.")})
        before = snapshot(stored, SERIES_FIELDS)
        if (data.get("document_type", stored.document_type) != stored.document_type
                or data.get("code", stored.code).upper() != stored.code) and stored.next_number > 1:
            raise ValidationError({"code": "Una serie ya usada no cambia de código ni de tipo; cree una serie nueva."})
    for name in SERIES_FIELDS:
        if name in data:
            setattr(series, name, data[name])
    series.full_clean()
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError:
        raise ValidationError({"code": "Ya existe esa serie para ese tipo de comprobante."})
    audit_record(company=company, user=actor, action="crear serie" if creating else "editar serie",
                 instance=series, changes=diff(before, snapshot(series, SERIES_FIELDS)))
    return series
