"""Configuración: company data, SUNAT connection, certificate and series."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from yupana.accounts.models import Role
from yupana.audit.selectors import audit_for_company, audit_history

from . import services
from .certificates import CertificateError
from .forms import CertificateForm, CompanyForm, SeriesForm, SunatForm
from .models import Company, Series
from .permissions import company_required, role_required

READERS = (Role.ADMIN, Role.ACCOUNTANT)


@role_required(*READERS)
def settings_view(request):
    company = request.company
    return render(request, "companies/settings.html", {
        "series_list": Series.objects.for_company(company),
        "history": audit_history(company=company, instance=company)[:20],
    })


def _merge(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def company_edit(request):
    company = request.company
    # The form works on its own copy, so the service can diff the stored values against the new ones.
    form = CompanyForm(request.POST or None, request.FILES or None, instance=Company.objects.get(pk=company.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.company_update(company=company, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                _merge(form, exc)
            else:
                messages.success(request, "Se guardaron los datos de la empresa.")
                return redirect("companies:settings")
    return render(request, "companies/form.html", {"form": form, "heading": "Datos de la empresa",
                                                   "multipart": True})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def sunat_edit(request):
    company = request.company
    form = SunatForm(request.POST or None, instance=Company.objects.get(pk=company.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sunat_settings_update(company=company, actor=request.user, data=form.cleaned_data,
                                               sol_password=form.cleaned_data.get("sol_password", ""))
            except ValidationError as exc:
                _merge(form, exc)
            else:
                messages.success(request, "Se guardó la conexión con SUNAT.")
                return redirect("companies:settings")
    return render(request, "companies/form.html", {"form": form, "heading": "Conexión con SUNAT"})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def certificate_upload(request):
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_upload(company=request.company, actor=request.user,
                                        data=form.cleaned_data["certificate"].read(),
                                        password=form.cleaned_data["password"])
        except CertificateError as exc:
            form.add_error("certificate", str(exc))
        else:
            messages.success(request, "Se cargó el certificado digital.")
            return redirect("companies:settings")
    return render(request, "companies/form.html", {"form": form, "heading": "Certificado digital",
                                                   "multipart": True})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def series_edit(request, pk: int | None = None):
    series = get_object_or_404(Series.objects.for_company(request.company), pk=pk) if pk else None
    form = SeriesForm(request.POST or None, instance=Series.objects.get(pk=series.pk) if series else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_save(company=request.company, actor=request.user,
                                 series=series, data=form.cleaned_data)
        except ValidationError as exc:
            _merge(form, exc)
        else:
            messages.success(request, "Se guardó la serie.")
            return redirect("companies:settings")
    return render(request, "companies/form.html", {
        "form": form, "heading": f"Serie {series.code}" if series else "Nueva serie",
        "history": audit_history(company=request.company, instance=series)[:20] if series else None,
    })


@role_required(*READERS)
def audit_log(request):
    return render(request, "companies/audit_log.html", {"entries": audit_for_company(company=request.company)})


@company_required
def logo(request):
    """The signed-in user's company logo. Uploaded files are not public: each one is served through
    its tenant, so no URL guess reaches another company's file."""
    company = request.company
    if not company.logo:
        raise Http404("La empresa no tiene logo.")
    try:
        handle = company.logo.open("rb")
    except FileNotFoundError:
        raise Http404("No se encontró el archivo del logo.")
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=300"
    return response
