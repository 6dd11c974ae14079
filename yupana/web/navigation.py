"""The main menu. Each entry names the URL of its section's landing page; entries whose app has not
landed yet (the URL name does not resolve) are shown greyed out as "Próximamente".

Apps that arrive later only need to define these URL names (namespace:name).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    icon: str  # a short emoji-free glyph keeps the page light; CSS draws nothing heavier


NAV = [
    NavEntry("ventas", "Ventas", "sales:document_list", "V"),
    NavEntry("cotizaciones", "Cotizaciones", "quotations:quotation_list", "C"),
    NavEntry("compras", "Compras", "purchases:purchase_list", "P"),
    NavEntry("inventario", "Inventario", "inventory:stock_list", "I"),
    NavEntry("clientes", "Clientes", "masterdata:customer_list", "Cl"),
    NavEntry("productos", "Productos", "masterdata:product_list", "Pr"),
    NavEntry("proveedores", "Proveedores", "masterdata:supplier_list", "Pv"),
    NavEntry("cobranzas", "Cuentas por cobrar", "receivables:receivable_list", "Cx"),
    NavEntry("reportes", "Reportes", "reports:index", "R"),
    NavEntry("configuracion", "Configuración", "companies:settings", "⚙"),
]


def resolved_nav(current_path: str) -> list[dict]:
    items = []
    for entry in NAV:
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            url = None
        items.append({
            "key": entry.key,
            "label": entry.label,
            "url": url,
            "active": bool(url) and current_path.startswith(url) and url != "/",
        })
    return items
