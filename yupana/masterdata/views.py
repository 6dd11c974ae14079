"""Screens for customers, products and suppliers. One set of views serves the three kinds (the URL
passes ``kind``); each view calls a selector or a service and only translates HTTP."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from yupana.audit.selectors import audit_history
from yupana.companies.permissions import company_required

from . import catalogs, exporting, importing, selectors
from .forms import MappingForm, UploadForm
from .listing import KINDS, describe_filters, list_params
from .spreadsheets import ENCODING_LABELS, SpreadsheetError, open_sheet

PAGE_SIZE = 25


class CappedPaginator(Paginator):
    """Counts at most CAP rows: a list of 100,000 customers says "más de 10 000" instead of counting
    every row on each keystroke. Nobody pages past page 400; they search."""

    CAP = 10_000
    capped = False

    @cached_property
    def count(self):
        found = self.object_list[: self.CAP + 1].count()
        self.capped = found > self.CAP
        return min(found, self.CAP)
SESSION_KEY = "masterdata_import"


def _kind(kind: str):
    return KINDS[kind]


def _get(request, kind, pk):
    try:
        return kind.get_selector(company=request.company, pk=pk)
    except ObjectDoesNotExist:
        raise Http404(f"No existe ese {kind.singular} en su empresa.")


def _context(kind, **extra):
    urls = {action: reverse(kind.url(action)) for action in ("list", "create", "import", "import_template",
                                                            "import_map", "import_preview", "search")}
    urls["export_xlsx"] = reverse(kind.url("export"), kwargs={"fmt": "xlsx"})
    urls["export_pdf"] = reverse(kind.url("export"), kwargs={"fmt": "pdf"})
    return {"kind": kind, "help_key": kind.help_key, "urls": urls, **extra}


@company_required
def record_list(request, kind):
    kind = _kind(kind)
    params = list_params(kind, request.GET)
    qs = kind.list_selector(company=request.company, **params)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in params.items() if v}
    context = _context(kind, page=page, params=params, query=urlencode(query),
                       filters=[(f, params.get(f.name, "")) for f in kind.filters])
    if request.htmx and request.htmx.target == "results":
        return render(request, "masterdata/partials/results.html", context)
    return render(request, "masterdata/list.html", context)


@company_required
def record_detail(request, kind, pk):
    kind = _kind(kind)
    record = _get(request, kind, pk)
    history = audit_history(company=request.company, instance=record)[:100]
    facts = [(c.header, c.value(record), c.money) for c in kind.columns]
    return render(request, "masterdata/detail.html", _context(
        kind, record=record, facts=facts, history=history, currency=getattr(record, "currency", "PEN"), edit_url=reverse(kind.url("update"), args=[pk]),
        toggle_url=reverse(kind.url("toggle"), args=[pk]), delete_url=reverse(kind.url("delete"), args=[pk])))


def _save_form(request, kind, record=None):
    form = kind.form(request.POST or None, instance=record, company=request.company)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if record is None:
                record = kind.create(company=request.company, user=request.user, **data)
                messages.success(request, f"Se creó el {kind.singular} «{record}».")
            else:
                record = kind.update(**{kind.arg: record}, user=request.user, **data)
                messages.success(request, f"Se guardaron los cambios de «{record}».")
            return redirect(kind.url("detail"), pk=record.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    status = 422 if request.method == "POST" else 200
    return render(request, "masterdata/form.html",
                  _context(kind, form=form, record=record, common_units=list(catalogs.COMMON_UNITS.items()),
                           cancel_url=reverse(kind.url("detail"), args=[record.pk]) if record else ""),
                  status=status)


@company_required
def record_create(request, kind):
    return _save_form(request, _kind(kind))


@company_required
def record_update(request, kind, pk):
    kind = _kind(kind)
    return _save_form(request, kind, _get(request, kind, pk))


@company_required
@require_POST
def record_toggle(request, kind, pk):
    kind = _kind(kind)
    record = _get(request, kind, pk)
    if record.is_active:
        kind.deactivate(**{kind.arg: record}, user=request.user)
        messages.success(request, f"«{record}» quedó inactivo: no aparecerá para nuevas operaciones.")
    else:
        kind.activate(**{kind.arg: record}, user=request.user)
        messages.success(request, f"«{record}» está activo de nuevo.")
    return redirect(kind.url("detail"), pk=record.pk)


@company_required
@require_POST
def record_delete(request, kind, pk):
    kind = _kind(kind)
    outcome = kind.delete(**{kind.arg: _get(request, kind, pk)}, user=request.user)
    if outcome.deleted:
        messages.success(request, outcome.message)
        return redirect(kind.url("list"))
    messages.warning(request, outcome.message)
    return redirect(kind.url("detail"), pk=pk)


@company_required
def record_export(request, kind, fmt):
    kind = _kind(kind)
    if fmt not in ("xlsx", "pdf"):
        raise Http404("Formato de exportación desconocido.")
    params = list_params(kind, request.GET)
    queryset = kind.list_selector(company=request.company, **params)
    subtitle = describe_filters(kind, params)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        data = exporting.export_xlsx(title=kind.title, columns=list(kind.columns),
                                     rows=queryset.iterator(chunk_size=2000), subtitle=subtitle)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = exporting.export_pdf(title=kind.title, columns=list(kind.columns),
                                    rows=queryset[: exporting.PDF_MAX_ROWS], subtitle=subtitle,
                                    company=request.company, total=queryset.count())
        content_type = "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind.slug}-{stamp}.{fmt}"'
    return response


@company_required
def record_search(request, kind):
    """Picker options for other screens (the sale form): ``?q=`` -> a small HTML list."""
    kind = _kind(kind)
    search = {"customers": selectors.customer_search, "products": selectors.product_search,
              "suppliers": selectors.supplier_search}[kind.key]
    results = search(company=request.company, q=request.GET.get("q", ""))
    return render(request, "masterdata/partials/search_results.html", _context(kind, results=results))


@company_required
def unit_options(request):
    """<option>s of catalog 03 for the unit picker's datalist, common units first."""
    found = catalogs.search_units(request.GET.get("unit_code", "") or request.GET.get("q", ""), limit=30)
    return render(request, "masterdata/partials/unit_options.html", {"units": found})


# Import wizard -----------------------------------------------------------------------------------

def _import_dir() -> Path:
    folder = Path(getattr(settings, "YUPANA_IMPORT_DIR", Path(tempfile.gettempdir()) / "yupana-imports"))
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - 24 * 3600
    for old in folder.glob("*"):  # uploads abandoned mid-wizard
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    return folder


def _pending(request, kind):
    state = request.session.get(SESSION_KEY)
    if not state or state.get("kind") != kind.key or state.get("company") != request.company.pk \
            or not os.path.exists(state.get("path", "")):
        return None
    return state


@company_required
def import_template(request, kind):
    kind = _kind(kind)
    data = exporting.import_template(kind.resource)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="plantilla-{kind.slug}.xlsx"'
    return response


@company_required
def import_upload(request, kind):
    kind = _kind(kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()[:6] or ".dat"
        path = _import_dir() / f"{uuid.uuid4().hex}{suffix}"
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        try:
            with open_sheet(path) as sheet:
                headers = sheet.headers
        except SpreadsheetError as exc:
            path.unlink(missing_ok=True)
            form.add_error("file", str(exc))
        else:
            request.session[SESSION_KEY] = {
                "kind": kind.key, "company": request.company.pk, "path": str(path), "name": upload.name,
                "duplicates": form.cleaned_data["duplicates"],
                "mapping": importing.guess_mapping(kind.resource, headers)}
            return redirect(kind.url("import_map"))
    return render(request, "masterdata/import_upload.html", _context(kind, form=form),
                  status=422 if request.method == "POST" else 200)


@company_required
def import_map(request, kind):
    kind = _kind(kind)
    state = _pending(request, kind)
    if state is None:
        messages.warning(request, "Suba primero el archivo a importar.")
        return redirect(kind.url("import"))
    try:
        with open_sheet(state["path"]) as sheet:
            headers, info = sheet.headers, sheet
            first_rows = []
            for _number, values in sheet.rows:
                first_rows.append(values)
                if len(first_rows) == 3:
                    break
    except SpreadsheetError as exc:
        messages.error(request, str(exc))
        return redirect(kind.url("import"))
    form = MappingForm(request.POST or None, resource=kind.resource, headers=headers,
                       initial_mapping=state["mapping"])
    problems = []
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        problems = importing.check_mapping(kind.resource, headers, mapping)
        if not problems:
            state["mapping"] = mapping
            request.session[SESSION_KEY] = state
            return redirect(kind.url("import_preview"))
    return render(request, "masterdata/import_map.html", _context(
        kind, form=form, problems=problems, headers=headers, first_rows=first_rows, state=state,
        encoding=ENCODING_LABELS.get(info.encoding, ""), kind_label=info.kind, notes=info.notes),
        status=422 if problems else 200)


@company_required
def import_preview(request, kind):
    kind = _kind(kind)
    state = _pending(request, kind)
    if state is None:
        messages.warning(request, "Suba primero el archivo a importar.")
        return redirect(kind.url("import"))
    save = request.method == "POST"
    try:
        report = importing.import_file(
            resource=kind.resource, path=state["path"], company=request.company, user=request.user,
            duplicates=state["duplicates"], mapping={k: v for k, v in state["mapping"].items()}, save=save,
            max_rows=importing.WEB_MAX_ROWS, file_name=state["name"])
    except SpreadsheetError as exc:
        messages.error(request, str(exc))
        return redirect(kind.url("import"))
    except importing.ImportRejected as exc:
        report = exc.report
        messages.error(request, f"No se importó nada: {report.error_count} error(es). Corrija el archivo y súbalo de nuevo.")
        return render(request, "masterdata/import_preview.html", _context(kind, report=report, state=state), status=422)
    if save:
        Path(state["path"]).unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, f"Importación completa: {report.created} {kind.plural} nuevos, "
                                  f"{report.updated} actualizados, {report.skipped} omitidos.")
        return redirect(kind.url("list"))
    return render(request, "masterdata/import_preview.html", _context(kind, report=report, state=state))
