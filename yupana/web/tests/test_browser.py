"""The shell in a real headless Chromium against the live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from yupana.accounts.models import User
from yupana.accounts.services import SESSION_LIMIT_MESSAGE
from yupana.companies.testing import TEST_PASSWORD, make_company, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email, password=TEST_PASSWORD):
    page.goto(page.base_url + "/ingresar/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    # Wait for the answer to the login POST, so the session cookie is set before the test moves on.
    with page.expect_response(lambda r: "/ingresar/" in r.url and r.request.method == "POST"):
        page.click("button[type=submit]:has-text('Ingresar')")
    page.wait_for_load_state()


def test_login_and_home(page):
    company = make_company(business_name="Ferretería El Clavo S.A.C.")
    user = make_user(company, email="ana@clavo.pe", full_name="Ana Torres")
    _login(page, "ana@clavo.pe", "mala")
    page.wait_for_selector("text=Correo o contraseña incorrectos.")
    _login(page, user.email)
    page.wait_for_selector("h1:has-text('Hola, Ana')")
    assert "Ferretería El Clavo S.A.C." in page.content()
    assert page.url == page.base_url + "/"
    # The boosted login swapped the body: the app layout (menu + wide content) replaced the login's.
    assert page.is_visible("#sidenav >> text=Configuración")
    assert page.evaluate("document.querySelector('main').getBoundingClientRect().width") > 700
    shots = os.environ.get("YUPANA_SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=str(Path(shots) / "home-desktop.png"))


def test_plan_limit_message_and_closing_the_other_session(browser, page):
    company = make_company(plan_name="Básico")
    first = make_user(company, email="primera@basico.pe")
    second = make_user(company, email="segunda@basico.pe")
    _login(page, first.email)
    page.wait_for_selector("h1:has-text('Hola')")
    # A second browser (another computer) of the same company.
    other = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-PE")
    try:
        tab = other.new_page()
        tab.base_url = page.base_url
        _login(tab, second.email)
        alert = tab.wait_for_selector("#session-limit")
        assert SESSION_LIMIT_MESSAGE in alert.inner_text()
        assert "Usuario" in alert.inner_text()  # who holds the session (full name)
        shots = os.environ.get("YUPANA_SCREENSHOT_DIR")
        if shots:
            tab.screenshot(path=str(Path(shots) / "login-limit.png"), full_page=True)
        tab.click("text=Cerrar las otras sesiones e ingresar")
        tab.wait_for_selector("text=Se cerraron las otras sesiones de la empresa.")
    finally:
        other.close()
    # The first browser is now signed out.
    page.goto(page.base_url + "/")
    page.wait_for_selector("text=Su sesión fue cerrada desde otro equipo.")


def test_administrator_creates_a_user(page):
    company = make_company()
    admin = make_user(company, email="jefa@empresa.pe")
    _login(page, admin.email)
    page.wait_for_selector("h1:has-text('Hola')")
    page.goto(page.base_url + "/usuarios/")
    page.click("text=Nuevo usuario")
    page.fill("input[name=full_name]", "Luis Mamani")
    page.fill("input[name=email]", "luis@empresa.pe")
    page.select_option("select[name=role]", "vendedor")
    page.fill("input[name=password1]", "Luis-Clave-2026")
    page.fill("input[name=password2]", "Luis-Clave-2026")
    page.click("button:has-text('Crear usuario')")
    page.wait_for_selector("text=Se creó el usuario luis@empresa.pe.")
    assert page.locator("td", has_text="Luis Mamani").count() == 1
    assert User.objects.get(email="luis@empresa.pe").membership.role == "vendedor"


def test_unreachable_server_keeps_what_the_user_typed_and_retries(page):
    company = make_company()
    admin = make_user(company)
    _login(page, admin.email)
    page.wait_for_selector("h1:has-text('Hola')")
    page.goto(page.base_url + "/configuracion/empresa/")
    page.fill("input[name=trade_name]", "Nombre que no se pierde")
    state = {"blocked": True}

    def maybe_block(route):
        if state["blocked"] and route.request.method == "POST":
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route("**/configuracion/empresa/", maybe_block)
    page.click("button:has-text('Guardar')")
    page.wait_for_selector("#connection-banner:visible")
    assert "No se pudo conectar con el servidor" in page.inner_text("#connection-banner")
    assert page.input_value("input[name=trade_name]") == "Nombre que no se pierde"
    # The network comes back: the automatic retry goes through.
    state["blocked"] = False
    page.wait_for_selector("text=Se guardaron los datos de la empresa.", timeout=20000)
    company.refresh_from_db()
    assert company.trade_name == "Nombre que no se pierde"


def test_help_button_opens_the_help_for_the_page(page):
    company = make_company()
    admin = make_user(company)
    _login(page, admin.email)
    page.wait_for_selector("h1:has-text('Hola')")
    page.goto(page.base_url + "/configuracion/")
    page.click(".help-button")
    dialog = page.wait_for_selector("#help-panel[open]")
    page.wait_for_selector("#help-panel-body :text('Certificado digital')")
    assert page.inner_text("#help-panel-title") == "Configuración de la empresa"
    assert dialog.is_visible()


def test_home_at_360_px_wide(browser, live_server, tmp_path):
    company = make_company(business_name="Bodega Doña Rosa E.I.R.L.")
    admin = make_user(company, full_name="Rosa Huamán")
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="es-PE")
    try:
        page = context.new_page()
        page.base_url = live_server.url
        _login(page, admin.email)
        page.wait_for_selector("h1:has-text('Hola, Rosa')")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        out = Path(os.environ.get("YUPANA_SCREENSHOT_DIR", tmp_path))
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / "home-360.png"), full_page=True)
        # The menu opens from the ☰ button.
        page.click("[data-menu-toggle]")
        assert page.is_visible("#sidenav >> text=Configuración")
        page.screenshot(path=str(out / "home-360-menu.png"))
        page.goto(page.base_url + "/configuracion/")
        page.screenshot(path=str(out / "settings-360.png"), full_page=True)
        wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)
            .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 30))""")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
        assert (out / "home-360.png").stat().st_size > 5000
    finally:
        context.close()


def test_certificate_upload_shows_subject_and_expiry(page, tmp_path):
    from yupana.companies.certificates import _self_signed_pkcs12

    company = make_company(business_name="Imprenta Sol S.A.C.")
    admin = make_user(company)
    pfx, password = _self_signed_pkcs12(company.ruc, "Imprenta Sol S.A.C.", days=400)
    (tmp_path / "firma.pfx").write_bytes(pfx)
    (tmp_path / "otro.pfx").write_bytes(b"no es un certificado")
    _login(page, admin.email)
    page.wait_for_selector("h1:has-text('Hola')")
    page.goto(page.base_url + "/configuracion/certificado/")
    page.set_input_files("input[name=certificate]", str(tmp_path / "otro.pfx"))
    page.fill("input[name=password]", "x")
    page.click("button:has-text('Guardar')")
    page.wait_for_selector("text=no es un .pfx/.p12 válido")
    page.set_input_files("input[name=certificate]", str(tmp_path / "firma.pfx"))
    page.fill("input[name=password]", password)
    page.click("button:has-text('Guardar')")
    page.wait_for_selector("text=Se cargó el certificado digital.")
    card = page.inner_text("#certificado")
    assert "Imprenta Sol S.A.C. (demo)" in card
    company.refresh_from_db()
    from django.utils import timezone

    assert timezone.localtime(company.certificate_not_after).strftime("%d/%m/%Y") in card


def test_server_error_keeps_the_form_and_explains(page):
    company = make_company()
    admin = make_user(company)
    _login(page, admin.email)
    page.wait_for_selector("h1:has-text('Hola')")
    page.goto(page.base_url + "/configuracion/empresa/")
    page.fill("input[name=trade_name]", "Texto que sigue ahí")
    page.route("**/configuracion/empresa/", lambda route: route.fulfill(status=500, body="")
               if route.request.method == "POST" else route.continue_())
    page.click("button:has-text('Guardar')")
    page.wait_for_selector("#server-error-banner:visible")
    assert "no guardó nada" in page.inner_text("#server-error-banner")
    assert page.input_value("input[name=trade_name]") == "Texto que sigue ahí"
    company.refresh_from_db()
    assert company.trade_name == ""


def test_htmx_requests_after_a_boosted_login_carry_the_fresh_csrf_token(page):
    from yupana.companies.models import Series

    company = make_company()
    admin = make_user(company)
    _login(page, admin.email)  # boosted: the <body> attributes stay those of the login page
    page.wait_for_selector("h1:has-text('Hola')")
    page.evaluate("""htmx.ajax('POST', '/configuracion/series/nueva/', {target: '#main', values: {
        document_type: '01', code: 'F010', establishment_code: '0000', next_number: '1', is_active: 'on'}})""")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    assert Series.objects.for_company(company).filter(code="F010").exists()


def test_every_menu_page_fits_a_phone_screen(page):
    """At 360 px wide no page of the menu scrolls sideways: wide tables scroll inside their box."""
    company = make_company()
    user = make_user(company, email="movil@empresa.pe")
    page.set_viewport_size({"width": 360, "height": 740})
    _login(page, user.email)
    page.wait_for_selector("h1:has-text('Hola')")
    links = page.eval_on_selector_all("#sidenav a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    assert "/cotizaciones/" in links and "/ventas/" in links
    wide = {}
    for href in links:
        page.goto(page.base_url + href)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            wide[href] = overflow
    assert wide == {}
