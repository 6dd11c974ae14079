"""The browsable docs render in Chromium from Yupana's own static files (no request leaves 127.0.0.1)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_lists_the_operations_without_a_cdn(page):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(page.base_url) else None)
    page.goto(f"{page.base_url}/api/docs")
    page.get_by_text("Emitir un comprobante").first.wait_for()
    assert page.locator(".opblock").count() >= 20
    assert "Yupana API" in page.content()
    assert outside == []
