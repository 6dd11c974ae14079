"""Render any Django template (by name or from source) to PDF bytes with WeasyPrint.

Reused by quotations and account statements. Images are expected as data URIs (no network, no
media lookups at render time). Speed: each thread keeps one WeasyPrint ``FontConfiguration`` and
the parsed stylesheets it has seen (a document's ``<style>`` block is lifted out and parsed once per
distinct text), which saves the CSS parse and the font set-up on every document after the first.
"""

from __future__ import annotations

import re
import threading

from django.template import TemplateSyntaxError, engines
from django.template.loader import render_to_string

STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
CSS_CACHE_SIZE = 64
_local = threading.local()


class RenderError(Exception):
    """A template that does not render; ``message`` is Spanish and says where."""


def render_html(*, template_name: str | None = None, source: str | None = None, context: dict) -> str:
    if source:
        try:
            template = engines["django"].from_string(source)
        except TemplateSyntaxError as exc:
            raise RenderError(f"La plantilla tiene un error de sintaxis: {exc}") from None
        try:
            return template.render(context)
        except Exception as exc:  # noqa: BLE001 - any failure in a company's template is reported, not raised
            raise RenderError(f"La plantilla no se pudo dibujar: {exc.__class__.__name__}: {exc}") from None
    return render_to_string(template_name, context)


def _fonts():
    fonts = getattr(_local, "fonts", None)
    if fonts is None:
        from weasyprint.text.fonts import FontConfiguration

        fonts = _local.fonts = FontConfiguration()
        _local.sheets = {}
    return fonts


def _stylesheet(text: str):
    from weasyprint import CSS

    fonts = _fonts()
    sheets = _local.sheets
    sheet = sheets.get(text)
    if sheet is None:
        if len(sheets) >= CSS_CACHE_SIZE:
            sheets.clear()
        sheet = sheets[text] = CSS(string=text, font_config=fonts)
    return sheet


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of ``html``; its first ``<style>`` block is parsed once per thread and reused."""
    from weasyprint import HTML

    fonts = _fonts()
    sheets = []
    found = STYLE_BLOCK.search(html)
    if found:
        sheets.append(_stylesheet(found.group(1)))
        html = html[:found.start()] + html[found.end():]
    return HTML(string=html, base_url="/").write_pdf(stylesheets=sheets, font_config=fonts)


def render_pdf(*, template_name: str | None = None, source: str | None = None, context: dict) -> bytes:
    """PDF bytes; raises RenderError when a custom ``source`` does not render."""
    html = render_html(template_name=template_name, source=source, context=context)
    try:
        return html_to_pdf(html)
    except Exception as exc:  # noqa: BLE001 - WeasyPrint errors are shown to the user in the preview
        raise RenderError(f"El formato no se pudo convertir a PDF: {exc}") from None


__all__ = ["RenderError", "html_to_pdf", "render_html", "render_pdf"]
