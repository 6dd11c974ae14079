"""The customer's page behind the private link: see the quotation on a phone, accept (name and time
recorded), reject with a reason, or ask for changes. No sign-in; an unknown, tampered or expired link
shows nothing of the quotation. Rate-limited per address (delivery's helper)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from yupana.delivery import ratelimit

from . import services
from .delivery import pdf_name, quotation_pdf
from .inputs import QuotationRefused
from .models import Status

LIMIT, WINDOW = 60, 600  # requests per address every 10 minutes


def _gone(request, *, limited=False, expired=None):
    status = 429 if limited else (410 if expired else 404)
    return render(request, "quotations/public_unavailable.html", {"limited": limited, "expired": expired},
                  status=status)


def _found(request, token):
    if not ratelimit.hit("quotation", ratelimit.client_ip(request), limit=LIMIT, window=WINDOW):
        return None, _gone(request, limited=True)
    quotation = services.public_get(token)
    if quotation is None:
        return None, _gone(request)
    if services.link_expired(quotation) and quotation.status not in (Status.ACCEPTED, Status.PARTLY_INVOICED,
                                                                     Status.INVOICED):
        return None, _gone(request, expired=quotation.valid_until)
    return quotation, None


@never_cache
@csrf_protect
def public_quotation(request, token):
    quotation, response = _found(request, token)
    if response is not None:
        return response
    errors, field = [], ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "aceptar":
                services.quotation_accept(quotation=quotation, name=request.POST.get("name", ""))
            elif action == "rechazar":
                services.quotation_reject(quotation=quotation, reason=request.POST.get("reason", ""))
            elif action == "cambios":
                services.quotation_request_changes(quotation=quotation, comment=request.POST.get("comment", ""))
            else:
                raise QuotationRefused("Elija aceptar, rechazar o pedir cambios.", "action")
        except QuotationRefused as exc:
            errors, field = exc.messages, exc.field
        else:
            return redirect("quotations:public", token=token)
    elif not request.user.is_authenticated:  # the business looking at its own link is not the customer
        services.quotation_mark_viewed(quotation=quotation)
    answered = quotation.events.filter(kind="cambios", data__version=quotation.version).last()
    context = {"q": quotation, "lines": quotation.lines.all(), "company": quotation.company, "errors": errors,
               "field": field, "post": request.POST, "token": token, "changes": answered,
               "can_answer": quotation.status in (Status.SENT, Status.VIEWED)}
    return render(request, "quotations/public.html", context, status=422 if errors else 200)


@never_cache
def public_pdf(request, token):
    quotation, response = _found(request, token)
    if response is not None:
        return response
    result = HttpResponse(quotation_pdf(quotation), content_type="application/pdf")
    result["Content-Disposition"] = f'inline; filename="{pdf_name(quotation)}"'
    return result
