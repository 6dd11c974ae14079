import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yupana.audit.models import AuditEntry
from yupana.companies.certificates import CertificateError, _self_signed_pkcs12, load_certificate
from yupana.companies.models import Company, Series

pytestmark = pytest.mark.django_db

COMPANY_POST = {
    "business_name": "Comercial Andina S.A.C.", "trade_name": "Andina", "ubigeo": "150131",
    "address": "Jr. Lampa 456", "urbanization": "", "district": "San Isidro", "province": "Lima",
    "department": "Lima", "establishment_code": "0000", "email": "", "phone": "", "igv_regime": "reducido",
    "credit_policy": "advertir", "stock_policy": "bloquear",
}


def test_admin_edits_company_data_and_the_change_is_audited(admin_client, company, admin_user):
    response = admin_client.post(reverse("companies:company_edit"), COMPANY_POST)
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.district, company.igv_regime, company.ubigeo) == ("San Isidro", "reducido", "150131")
    entry = AuditEntry.objects.for_company(company).get(action="editar empresa")
    assert entry.user == admin_user
    assert entry.changes["district"] == ["Lima", "San Isidro"]
    assert entry.changes["igv_regime"] == ["general", "reducido"]
    # The settings page shows the history.
    page = admin_client.get(reverse("companies:settings")).content.decode()
    assert "Historial de cambios" in page and "Lima → San Isidro" in page


def test_bad_company_data_names_the_field_and_saves_nothing(admin_client, company):
    response = admin_client.post(reverse("companies:company_edit"), {**COMPANY_POST, "ubigeo": "15A1", "address": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "El ubigeo debe tener 6 dígitos" in body
    assert "Escriba la dirección del domicilio fiscal." in body
    assert Company.objects.get(pk=company.pk).address == "Av. Arequipa 123"


def test_sol_password_is_write_only(admin_client, company):
    admin_client.post(reverse("companies:sunat_edit"), {"sunat_environment": "beta", "ose_url": "",
                                                        "sol_user": "FACTURA1", "sol_password": "ClaveSol#9",
                                                        "boleta_dispatch": "resumen"})
    company.refresh_from_db()
    assert company.sol_password() == "ClaveSol#9"
    assert company.sunat_bill_service_url() == "https://e-beta.sunat.gob.pe/ol-ti-itcpfegem-beta/billService"
    for url in (reverse("companies:settings"), reverse("companies:sunat_edit")):
        assert "ClaveSol#9" not in admin_client.get(url).content.decode()
    # Saving again with an empty password keeps it.
    admin_client.post(reverse("companies:sunat_edit"), {"sunat_environment": "beta", "sol_user": "FACTURA1",
                                                        "sol_password": "", "boleta_dispatch": "individual"})
    company.refresh_from_db()
    assert company.sol_password() == "ClaveSol#9" and company.boleta_dispatch == "individual"
    audit = AuditEntry.objects.for_company(company).filter(action="editar SUNAT").first()
    assert "ClaveSol#9" not in str(audit.changes)


def test_ose_environment_needs_its_url(admin_client, company):
    response = admin_client.post(reverse("companies:sunat_edit"), {"sunat_environment": "ose", "ose_url": "",
                                                                   "sol_user": "X", "boleta_dispatch": "resumen"})
    assert "Indique la URL del OSE" in response.content.decode()


def _upload(client, data, password, name="cert.pfx"):
    return client.post(reverse("companies:certificate_upload"),
                       {"certificate": SimpleUploadedFile(name, data), "password": password})


def test_certificate_upload_shows_subject_and_expiry(admin_client, company):
    pfx, password = _self_signed_pkcs12(company.ruc, "Comercial Andina S.A.C.", days=365)
    assert _upload(admin_client, pfx, password).status_code == 302
    company.refresh_from_db()
    assert company.has_certificate and "Comercial Andina" in company.certificate_subject
    assert company.certificate_pkcs12() == (pfx, password)
    page = admin_client.get(reverse("companies:settings")).content.decode()
    assert "Comercial Andina S.A.C. (demo)" in page
    assert company.certificate_not_after.astimezone(dt.timezone.utc).strftime("%d/%m/%Y") in page or "Vigente hasta" in page


def test_certificate_with_wrong_password_is_refused(admin_client, company):
    pfx, _ = _self_signed_pkcs12(company.ruc, "X", days=365)
    body = _upload(admin_client, pfx, "otra").content.decode()
    assert "la contraseña es incorrecta" in body
    company.refresh_from_db()
    assert not company.has_certificate


def test_expired_certificate_is_refused(admin_client, company):
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    pfx, password = _self_signed_pkcs12(company.ruc, "X", days=365, not_before=start)
    body = _upload(admin_client, pfx, password).content.decode()
    # Valid until 2020-12-31 00:00 UTC, which is 30/12/2020 19:00 in Lima.
    assert "El certificado venció el 30/12/2020" in body
    assert not Company.objects.get(pk=company.pk).has_certificate


def test_a_file_that_is_not_a_certificate_is_refused(admin_client, company):
    assert "no es un .pfx/.p12 válido" in _upload(admin_client, b"hola", "x").content.decode()
    assert "debe ser un archivo .pfx o .p12" in _upload(admin_client, b"hola", "x", name="cert.txt").content.decode()


def test_load_certificate_rejects_not_yet_valid():
    pfx, password = _self_signed_pkcs12("20123456786", "X", days=30,
                                        not_before=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
    with pytest.raises(CertificateError, match="aún no es válido"):
        load_certificate(pfx, password, now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def test_series_create_and_duplicate(admin_client, company):
    url = reverse("companies:series_create")
    post = {"document_type": "01", "code": "f002", "establishment_code": "0000", "next_number": "1", "is_active": "on"}
    assert admin_client.post(url, post).status_code == 302
    assert Series.objects.for_company(company).get().code == "F002"
    body = admin_client.post(url, post).content.decode()
    assert "Ya existe esa serie para ese tipo de comprobante." in body
    assert Series.objects.for_company(company).count() == 1


def test_seller_cannot_open_settings_and_accountant_can_read(seller_client, company):
    assert seller_client.get(reverse("companies:settings")).status_code == 403


def test_accountant_reads_settings_without_edit_buttons(accountant_client):
    body = accountant_client.get(reverse("companies:settings")).content.decode()
    assert "Conexión con SUNAT" in body and "Editar datos" not in body


def test_a_used_series_cannot_go_back_or_change_its_code(admin_client, company):
    from yupana.companies.testing import make_series

    series = make_series(company, "F001", next_number=26)
    url = reverse("companies:series_edit", args=[series.pk])
    post = {"document_type": "01", "code": "F001", "establishment_code": "0000", "next_number": "25",
            "is_active": "on"}
    assert "no puede bajar de 26" in admin_client.post(url, post).content.decode()
    assert "no cambia de código" in admin_client.post(url, {**post, "code": "F009", "next_number": "26"}
                                                      ).content.decode()
    assert admin_client.post(url, {**post, "next_number": "30"}).status_code == 302
    series.refresh_from_db()
    assert (series.code, series.next_number) == ("F001", 30)


def test_logo_upload_is_served_only_to_its_company(admin_client, company, settings, tmp_path, other_company):
    import io

    from PIL import Image

    from yupana.companies.testing import login_client, make_user

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (15, 110, 92)).save(buffer, format="PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = admin_client.post(reverse("companies:company_edit"), {**COMPANY_POST, "logo": logo})
    assert response.status_code == 302
    served = admin_client.get(reverse("companies:logo"))
    assert served.status_code == 200 and b"".join(served.streaming_content) == buffer.getvalue()
    # A user of another company gets their own (absent) logo, never this one.
    from django.test import Client

    stranger = login_client(Client(), make_user(other_company))
    assert stranger.get(reverse("companies:logo")).status_code == 404


def test_a_text_file_is_not_accepted_as_logo(admin_client, company, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = SimpleUploadedFile("logo.png", b"no soy una imagen", content_type="image/png")
    body = admin_client.post(reverse("companies:company_edit"), {**COMPANY_POST, "logo": bad}).content.decode()
    assert "imagen" in body
    assert not Company.objects.get(pk=company.pk).logo
