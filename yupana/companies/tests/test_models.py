import pytest
from django.core.exceptions import ValidationError

from yupana.companies.models import Company, DocumentType, Plan, Series
from yupana.companies.testing import make_company, make_series


@pytest.mark.django_db
def test_plans_come_from_the_data_migration():
    # Given the migrations ran, Then the two launch plans exist with their limits.
    basico, premium = Plan.objects.get(name="Básico"), Plan.objects.get(name="Premium")
    assert (basico.max_sessions, basico.stock_control, basico.credit_control) == (1, False, False)
    assert (premium.max_sessions, premium.stock_control, premium.credit_control) == (3, True, True)


@pytest.mark.django_db
@pytest.mark.parametrize("ruc, message", [
    ("20123456789", "dígito verificador"),   # check digit should be 6
    ("2012345678", "11 dígitos"),
    ("30123456786", "empezar con"),
    ("20A23456786", "dígitos"),
])
def test_company_refuses_an_invalid_ruc(ruc, message):
    company = Company(ruc=ruc, business_name="X", ubigeo="150101", address="a", district="d", province="p",
                      department="d", plan=Plan.objects.get(name="Básico"))
    with pytest.raises(ValidationError) as excinfo:
        company.full_clean()
    assert message in " ".join(excinfo.value.message_dict["ruc"])


@pytest.mark.django_db
def test_company_accepts_a_valid_ruc():
    company = make_company(ruc="20123456786")
    assert company.ruc == "20123456786"


@pytest.mark.django_db
def test_series_code_must_match_its_document_type(company):
    with pytest.raises(ValidationError) as excinfo:
        Series(company=company, document_type=DocumentType.FACTURA, code="B001").full_clean()
    assert "factura empieza con F" in excinfo.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        Series(company=company, document_type=DocumentType.BOLETA, code="F001").full_clean()
    Series(company=company, document_type=DocumentType.CREDIT_NOTE, code="FC01").full_clean()


@pytest.mark.django_db
def test_series_is_unique_per_company_and_type(company, other_company):
    make_series(company, "F001")
    make_series(other_company, "F001")  # another tenant may use the same code
    with pytest.raises(ValidationError) as excinfo:
        Series(company=company, document_type=DocumentType.FACTURA, code="F001").full_clean()
    assert "Ya existe esa serie" in str(excinfo.value)


@pytest.mark.django_db
def test_for_company_returns_only_that_tenants_rows(company, other_company):
    mine = make_series(company, "F001")
    make_series(other_company, "F002")
    assert list(Series.objects.for_company(company)) == [mine]


@pytest.mark.django_db
def test_sol_password_is_stored_encrypted(company):
    company.set_sol_password("MiClaveSol1")
    company.save()
    stored = Company.objects.get(pk=company.pk)
    assert "MiClaveSol1" not in stored.sol_password_encrypted
    assert stored.sol_password() == "MiClaveSol1"
