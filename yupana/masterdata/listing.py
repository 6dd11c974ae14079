"""What each list screen shows: filters, sort options and columns, shared by the page, the Excel and
the PDF export so the three always agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import catalogs, forms, importing, selectors, services
from .exporting import Column
from .models import Currency, Customer, Product, Supplier


def _yes(value: bool) -> str:
    return "Sí" if value else "No"


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    choices: list[tuple[str, str]]


@dataclass(frozen=True)
class Kind:
    key: str             # "customers"
    slug: str            # URL: "clientes"
    singular: str        # "cliente"
    plural: str          # "clientes"
    title: str           # "Clientes"
    url_prefix: str      # URL names: "customer"
    help_key: str
    model: type
    form: type
    list_selector: Callable
    get_selector: Callable
    create: Callable
    update: Callable
    activate: Callable
    deactivate: Callable
    delete: Callable
    arg: str             # keyword the update/delete services take: "customer"
    filters: tuple[Filter, ...]
    sorts: tuple[tuple[str, str], ...]
    default_sort: str
    columns: tuple[Column, ...]
    resource: importing.Resource

    def url(self, action: str) -> str:
        return f"masterdata:{self.url_prefix}_{action}"


STATUS = Filter("status", "Estado", [("active", "Activos"), ("inactive", "Inactivos"), ("all", "Todos")])

CUSTOMERS = Kind(
    key="customers", slug="clientes", singular="cliente", plural="clientes", title="Clientes",
    url_prefix="customer", help_key="clientes", model=Customer, form=forms.CustomerForm,
    list_selector=selectors.customer_list, get_selector=selectors.customer_get,
    create=services.customer_create, update=services.customer_update, activate=services.customer_activate,
    deactivate=services.customer_deactivate, delete=services.customer_delete, arg="customer",
    filters=(STATUS,
             Filter("document_type", "Documento", [("", "Todos")] + [(k, v) for k, v in catalogs.DOCUMENT_TYPES.items()
                                                                     if k in ("6", "1", "4", "7", "-")]),
             Filter("credit", "Crédito", [("", "Todos"), ("yes", "Con crédito"), ("no", "Sin crédito")])),
    sorts=(("name", "Nombre A-Z"), ("-name", "Nombre Z-A"), ("document", "Documento"), ("recent", "Más recientes")),
    default_sort="name",
    columns=(
        Column("Tipo doc.", lambda c: catalogs.DOCUMENT_TYPES.get(c.document_type, c.document_type), 12),
        Column("Número", lambda c: c.document_number, 14),
        Column("Nombre o razón social", lambda c: c.name, 40),
        Column("Dirección", lambda c: c.address, 40),
        Column("Correos", lambda c: c.emails, 30),
        Column("Teléfono", lambda c: c.phone, 14),
        Column("Crédito", lambda c: _yes(c.credit_enabled), 9),
        Column("Límite de crédito", lambda c: c.credit_limit, 14, money=True),
        Column("Días de crédito", lambda c: c.credit_days, 10),
        Column("Activo", lambda c: _yes(c.is_active), 8),
    ),
    resource=importing.CUSTOMERS,
)

PRODUCTS = Kind(
    key="products", slug="productos", singular="producto", plural="productos", title="Productos y servicios",
    url_prefix="product", help_key="productos", model=Product, form=forms.ProductForm,
    list_selector=selectors.product_list, get_selector=selectors.product_get,
    create=services.product_create, update=services.product_update, activate=services.product_activate,
    deactivate=services.product_deactivate, delete=services.product_delete, arg="product",
    filters=(STATUS,
             Filter("kind", "Tipo", [("", "Todos"), ("good", "Bienes"), ("service", "Servicios (ZZ)")]),
             Filter("currency", "Moneda", [("", "Todas")] + list(Currency.choices)),
             Filter("igv_affectation", "IGV", [("", "Todos"), ("10", "Gravado"), ("20", "Exonerado"),
                                               ("30", "Inafecto"), ("40", "Exportación")])),
    sorts=(("description", "Descripción A-Z"), ("-description", "Descripción Z-A"), ("code", "Código"),
           ("price", "Precio menor"), ("-price", "Precio mayor"), ("recent", "Más recientes")),
    default_sort="description",
    columns=(
        Column("Código", lambda p: p.code, 14),
        Column("Descripción", lambda p: p.description, 45),
        Column("Unidad", lambda p: p.unit_code, 8),
        Column("Moneda", lambda p: p.currency, 8),
        Column("Precio de venta", lambda p: p.price, 14, money=True),
        Column("Incluye IGV", lambda p: _yes(p.price_includes_igv), 10),
        Column("Afectación IGV", lambda p: p.igv_affectation, 10),
        Column("ICBPER", lambda p: _yes(p.icbper), 8),
        Column("Controla stock", lambda p: _yes(p.stock_control), 10),
        Column("Costo", lambda p: p.cost, 12, money=True),
        Column("Código SUNAT", lambda p: p.sunat_code, 12),
        Column("Activo", lambda p: _yes(p.is_active), 8),
    ),
    resource=importing.PRODUCTS,
)

SUPPLIERS = Kind(
    key="suppliers", slug="proveedores", singular="proveedor", plural="proveedores", title="Proveedores",
    url_prefix="supplier", help_key="proveedores", model=Supplier, form=forms.SupplierForm,
    list_selector=selectors.supplier_list, get_selector=selectors.supplier_get,
    create=services.supplier_create, update=services.supplier_update, activate=services.supplier_activate,
    deactivate=services.supplier_deactivate, delete=services.supplier_delete, arg="supplier",
    filters=(STATUS,),
    sorts=(("name", "Razón social A-Z"), ("-name", "Razón social Z-A"), ("ruc", "RUC"), ("recent", "Más recientes")),
    default_sort="name",
    columns=(
        Column("RUC", lambda s: s.ruc, 14),
        Column("Razón social", lambda s: s.name, 40),
        Column("Dirección", lambda s: s.address, 40),
        Column("Contacto", lambda s: s.contact, 24),
        Column("Correo", lambda s: s.email, 28),
        Column("Teléfono", lambda s: s.phone, 14),
        Column("Activo", lambda s: _yes(s.is_active), 8),
    ),
    resource=importing.SUPPLIERS,
)

KINDS = {k.key: k for k in (CUSTOMERS, PRODUCTS, SUPPLIERS)}


def list_params(kind: Kind, data) -> dict:
    """The selector's keyword arguments from a query string, ignoring unknown values."""
    params = {"q": (data.get("q") or "").strip()[:100]}
    for f in kind.filters:
        value = data.get(f.name, f.choices[0][0])
        params[f.name] = value if value in dict(f.choices) else f.choices[0][0]
    sort = data.get("sort", kind.default_sort)
    params["sort"] = sort if sort in dict(kind.sorts) else kind.default_sort
    return params


def describe_filters(kind: Kind, params: dict) -> str:
    """"Búsqueda: «perez» · Estado: Activos" for the export's subtitle."""
    parts = []
    if params.get("q"):
        parts.append(f"Búsqueda: «{params['q']}»")
    for f in kind.filters:
        value = params.get(f.name, "")
        if value:
            parts.append(f"{f.label}: {dict(f.choices).get(value, value)}")
    parts.append(f"Orden: {dict(kind.sorts).get(params.get('sort'), '')}")
    return " · ".join(parts)
