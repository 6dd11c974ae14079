"""Selectors: search semantics, filters, sorting and query budgets."""

from decimal import Decimal

import pytest
from django.urls import reverse

from yupana.masterdata import selectors, services

from .factories import login_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(company, admin):
    c = lambda t, n, name, **kw: services.customer_create(company=company, user=admin, document_type=t,  # noqa: E731
                                                          document_number=n, name=name, **kw)
    andina = c("6", "20131312955", "Comercial Andina S.A.C.", credit_enabled=True, credit_limit=Decimal("100"))
    jose = c("1", "45678901", "José Pérez Quispe")
    rosa = c("1", "45678902", "Rosa Quispe")
    services.customer_deactivate(customer=rosa, user=admin)
    p = lambda code, d, price, **kw: services.product_create(company=company, user=admin, code=code,  # noqa: E731
                                                             description=d, price=Decimal(price), **kw)
    p("7751234567890", "Arroz Costeño 5 kg", "25.50")
    p("P2", "Arroz Paisana 1 kg", "4.20")
    p("S1", "Instalación de equipos", "120", unit_code="ZZ", currency="USD")
    return andina, jose, rosa


def names(qs):
    return [getattr(r, "name", None) or r.description for r in qs]


def test_every_word_must_match_accents_ignored(company, data):
    assert names(selectors.customer_list(company=company, q="QUISPE jose")) == ["José Pérez Quispe"]
    assert names(selectors.customer_list(company=company, q="quispe", status="all")) == [
        "José Pérez Quispe", "Rosa Quispe"]
    assert names(selectors.customer_list(company=company, q="quispe", status="inactive")) == ["Rosa Quispe"]


def test_filters_and_sorts(company, data):
    assert names(selectors.customer_list(company=company, credit="yes")) == ["Comercial Andina S.A.C."]
    assert names(selectors.customer_list(company=company, document_type="1")) == ["José Pérez Quispe"]
    assert names(selectors.customer_list(company=company, sort="-name")) == [
        "José Pérez Quispe", "Comercial Andina S.A.C."]
    assert names(selectors.product_list(company=company, sort="-price")) == [
        "Instalación de equipos", "Arroz Costeño 5 kg", "Arroz Paisana 1 kg"]
    assert names(selectors.product_list(company=company, kind="service")) == ["Instalación de equipos"]
    assert names(selectors.product_list(company=company, currency="PEN", q="arroz")) == [
        "Arroz Costeño 5 kg", "Arroz Paisana 1 kg"]


def test_pickers_put_the_exact_code_or_number_first(company, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = selectors.product_search(company=company, q="7751234567890")
    assert names(found) == ["Arroz Costeño 5 kg"]
    assert names(selectors.product_search(company=company, q="arroz")) == ["Arroz Costeño 5 kg", "Arroz Paisana 1 kg"]
    with django_assert_max_num_queries(2):
        found = selectors.customer_search(company=company, q="45678901")
    assert names(found) == ["José Pérez Quispe"]
    assert selectors.customer_search(company=company, q="rosa") == []  # inactive customers are not offered
    assert selectors.customer_search(company=company, q="  ") == []


def test_list_page_query_budget(client, admin, data, django_assert_max_num_queries):
    login_client(client, admin)
    client.get(reverse("masterdata:customer_list"))  # warm the session
    # session, user, membership/company, plan, count, page: a constant number whatever the page size
    with django_assert_max_num_queries(12):
        assert client.get(reverse("masterdata:customer_list"), {"q": "a"}).status_code == 200
