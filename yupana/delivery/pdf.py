"""Render any Django template (by name or from source) to PDF bytes with WeasyPrint.

Reused by quotations and account statements. Fonts and the base URL are fixed so renders are
repeatable; images are expected as data URIs (no network, no media lookups at render time).
"""

from __future__ import annotations

from django.template import TemplateSyntaxError, engines
from django.template.loader import render_to_string


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


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="/").write_pdf()


def render_pdf(*, template_name: str | None = None, source: str | None = None, context: dict) -> bytes:
    """PDF bytes; raises RenderError when a custom ``source`` does not render."""
    html = render_html(template_name=template_name, source=source, context=context)
    try:
        return html_to_pdf(html)
    except Exception as exc:  # noqa: BLE001 - WeasyPrint errors are shown to the user in the preview
        raise RenderError(f"El formato no se pudo convertir a PDF: {exc}") from None


__all__ = ["RenderError", "html_to_pdf", "render_html", "render_pdf"]
