"""Shared pytest fixtures: companies and users (yupana.companies.testing), and a real headless
Chromium through Playwright for tests marked `browser`."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture
def company(db):
    from yupana.companies.testing import make_company

    return make_company(business_name="Comercial Andina S.A.C.")


@pytest.fixture
def other_company(db):
    from yupana.companies.testing import make_company

    return make_company(business_name="Otra Empresa S.R.L.")


@pytest.fixture
def admin_user(company):
    from yupana.companies.testing import make_user

    return make_user(company, role="administrador", email="admin@andina.pe", full_name="Ana Administradora")


@pytest.fixture
def seller_user(company):
    from yupana.companies.testing import make_user

    return make_user(company, role="vendedor", email="vendedor@andina.pe", full_name="Víctor Vendedor")


@pytest.fixture
def accountant_user(company):
    from yupana.companies.testing import make_user

    return make_user(company, role="contador", email="contador@andina.pe", full_name="Carla Contadora")


@pytest.fixture
def admin_client(client, admin_user):
    from yupana.companies.testing import login_client

    return login_client(client, admin_user)


@pytest.fixture
def seller_client(client, seller_user):
    from yupana.companies.testing import login_client

    return login_client(client, seller_user)


@pytest.fixture
def accountant_client(client, accountant_user):
    from yupana.companies.testing import login_client

    return login_client(client, accountant_user)


# --- real browser ---

@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test worker (Debian's, since `playwright install` cannot download)."""
    # Playwright's sync API runs an event loop in this thread; Django's async-safety check would
    # otherwise refuse the ORM calls that tests make alongside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} no está instalado (scripts/ensure-system.sh test lo instala)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on a desktop-sized page; `page.base_url` is the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-PE",
                                  timezone_id="America/Lima")
    context.set_default_timeout(15000)
    tab = context.new_page()
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to; yields its Inbox."""
    from yupana.web.smtp_testing import smtp_server

    with smtp_server(settings) as inbox:
        yield inbox
