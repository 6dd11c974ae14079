"""Document page (print, download, e-mail), format settings, and the public lookup page."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.views.decorators.http import require_GET, require_http_methods

from yupana.accounts.models import Role
from yupana.companies.permissions import company_required, role_required
from yupana.sales.selectors import document_timeline

from . import ratelimit, selectors, services
from .forms import EmailForm, LookupForm, SettingsForm, TemplateForm
from .models import PrintFormat
from .printing import delivery_settings_for

LOOKUP_LIMIT, LOOKUP_WINDOW = 10, 600  # 10 searches per address every 10 minutes
FILE_KINDS = ("pdf", "xml", "cdr")
TOKEN_SALT, TOKEN_MAX_AGE = "yupana.delivery.public", 3600
NOT_FOUND = ("No encontramos un comprobante con esos datos. Revise que cada dato sea igual al del "
             "comprobante impreso.")


def _file_response(name: str, content: bytes, mimetype: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return response


# --- inside the app ---

@company_required
@require_GET
def document_detail(request, pk: int):
    document = selectors.document_for_company(company=request.company, pk=pk)
    if not hasattr(document, "electronic"):
        raise Http404
    return render(request, "delivery/document.html", {
        "document": document, "electronic": document.electronic, "form": EmailForm(initial={
            "to": ", ".join(services.customer_emails(document))}),
        "customer_emails": services.customer_emails(document), "formats": PrintFormat.choices,
        "events": document_timeline(document), "emails": selectors.email_history(document=document),
    })


@company_required
@require_GET
def document_download(request, pk: int, kind: str):
    if kind not in FILE_KINDS:
        raise Http404
    document = selectors.document_for_company(company=request.company, pk=pk)
    found = services.document_file(document=document, kind=kind, fmt=request.GET.get("formato"))
    if found is None:
        raise Http404("Este comprobante aún no tiene CDR.")
    return _file_response(*found, inline=request.GET.get("ver") == "1")


@company_required
@require_http_methods(["POST"])
def document_email(request, pk: int):
    document = selectors.document_for_company(company=request.company, pk=pk)
    form = EmailForm(request.POST)
    if form.is_valid():
        to = form.cleaned_data["to"] or None
        try:
            record = services.document_email_send(document=document, user=request.user, to=to,
                                                  include_cdr=form.cleaned_data["include_cdr"])
        except services.DeliveryRefused as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            if form.cleaned_data["save_to_customer"] and to and document.customer_id:
                services.customer_email_add(document=document, emails=to, user=request.user)
            if record.status == "enviado":
                messages.success(request, f"Correo enviado a {record.recipients}.")
            else:
                messages.error(request, f"No se pudo enviar: {record.error}")
            return redirect("delivery:document", pk=document.pk)
    return render(request, "delivery/document.html", {
        "document": document, "electronic": document.electronic, "form": form,
        "customer_emails": services.customer_emails(document), "formats": PrintFormat.choices,
        "events": document_timeline(document), "emails": selectors.email_history(document=document),
    }, status=422)


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def format_settings(request):
    options = delivery_settings_for(request.company)
    initial = {"default_format": options.default_format, "primary_color": options.primary_color,
               "footer_text": options.footer_text, "email_on_acceptance": options.email_on_acceptance,
               "attach_cdr": options.attach_cdr}
    form = SettingsForm(request.POST or None, request.FILES or None, initial=initial)
    fmt = request.GET.get("plantilla", PrintFormat.A4)
    fmt = fmt if fmt in PrintFormat.values else PrintFormat.A4
    template_form = TemplateForm(initial={"template_format": fmt, "template_source": options.template_for(fmt)
                                          or get_template(f"delivery/pdf/{fmt}.html").template.source})
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(company=request.company, user=request.user, **form.cleaned_data)
        except services.DeliveryRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Formato guardado.")
            return redirect("delivery:settings")
    return render(request, "delivery/settings.html", {"form": form, "template_form": template_form,
                                                      "options": options, "fmt": fmt},
                  status=422 if form.errors else 200)


@role_required(Role.ADMIN)
@require_http_methods(["POST"])
def template_save(request):
    """Preview (``accion=vista``) or save a format's template; a broken one is never stored."""
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return render(request, "delivery/partials/preview.html", {"error": "Elija un formato."}, status=422)
    fmt, source = form.cleaned_data["template_format"], form.cleaned_data["template_source"]
    if request.POST.get("accion") == "guardar":
        options = delivery_settings_for(request.company)
        try:
            services.settings_update(
                company=request.company, user=request.user, default_format=options.default_format,
                primary_color=options.primary_color, footer_text=options.footer_text,
                email_on_acceptance=options.email_on_acceptance, attach_cdr=options.attach_cdr,
                template_format=fmt, template_source=source)
        except services.DeliveryRefused as exc:
            return render(request, "delivery/partials/preview.html", {"error": exc.message}, status=422)
        return render(request, "delivery/partials/preview.html", {"saved": True, "fmt": fmt})
    preview = services.template_preview(company=request.company, fmt=fmt, source=source)
    if preview.error:
        return render(request, "delivery/partials/preview.html",
                      {"error": preview.error + " La plantilla en uso no cambió."}, status=422)
    return render(request, "delivery/partials/preview.html",
                  {"ok": True, "pdf_base64": base64.b64encode(preview.pdf).decode("ascii")})


# --- public (no login) ---

@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(request.POST or None)
    context = {"form": form}
    status = 200
    if request.method == "POST":
        if not ratelimit.hit("lookup", ratelimit.client_ip(request), limit=LOOKUP_LIMIT, window=LOOKUP_WINDOW):
            context["limited"] = True
            return render(request, "delivery/lookup.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            document = selectors.public_lookup(ruc=data["ruc"], doc_type=data["doc_type"], series=data["series"],
                                               number=data["number"], issue_date=data["issue_date"],
                                               total=data["total"])
            if document is None:
                context["not_found"] = NOT_FOUND
                status = 404
            else:
                token = signing.dumps(document.pk, salt=TOKEN_SALT)
                context.update(found=document, token=token,
                               has_cdr=bool(document.electronic.cdr))
        else:
            status = 422
    return render(request, "delivery/lookup.html", context, status=status)


@require_GET
def public_download(request, token: str, kind: str):
    if kind not in FILE_KINDS:
        raise Http404
    from yupana.sales.models import SaleDocument

    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise Http404("El enlace venció; vuelva a buscar su comprobante.") from None
    document = (SaleDocument.objects.select_related("company", "electronic", "customer", "reference")
                .filter(pk=pk).first())
    if document is None:
        raise Http404
    found = services.document_file(document=document, kind=kind)
    if found is None:
        raise Http404("Este comprobante aún no tiene CDR.")
    services.download_record(document=document, kind=kind, by="cliente")
    return _file_response(*found)

