"""Sets request.company and request.membership for the signed-in user (None for anonymous/operators)."""

from __future__ import annotations


class CompanyMiddleware:
    """One query per authenticated request; plain attributes so `request.company is None` works."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.company = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from yupana.accounts.models import Membership

            membership = (
                Membership.objects.select_related("company", "company__plan")
                .filter(user=user, company__is_active=True)
                .first()
            )
            if membership is not None:
                request.membership = membership
                request.company = membership.company
        return self.get_response(request)
