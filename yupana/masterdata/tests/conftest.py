import pytest

from .factories import make_company, make_user


@pytest.fixture
def company(db):
    return make_company(ruc="20100070970", premium=True, name="Bodega Premium S.A.C.")


@pytest.fixture
def basic_company(db):
    return make_company(ruc="20131312955", premium=False, name="Tienda Básica E.I.R.L.")


@pytest.fixture
def admin(company):
    return make_user(company, role="administrador", email="admin@bodega.pe")
