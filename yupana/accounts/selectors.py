"""Reading users of a company."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Membership, User


def company_users(*, company):
    return (Membership.objects.for_company(company).select_related("user")
            .order_by("-user__is_active", "user__full_name"))


def company_user(*, company, pk: int) -> User:
    """The user only if they belong to the company: 404 otherwise, never another tenant's user."""
    membership = get_object_or_404(Membership.objects.for_company(company).select_related("user"), user_id=pk)
    return membership.user
