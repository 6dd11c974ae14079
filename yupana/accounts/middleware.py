"""Keeps signed-in sessions honest against the plan: closed or idle sessions are signed out."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone

from .models import UserSession
from .services import CLOSED_NOTICE, IDLE_NOTICE

# Write last_seen_at at most once a minute per session, not on every request.
TOUCH_EVERY = dt.timedelta(seconds=60)


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_staff:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        now = timezone.now()
        key = request.session.session_key
        tracked = UserSession.objects.filter(session_key=key).first() if key else None
        if tracked is None:
            logout(request)
            messages.info(request, CLOSED_NOTICE)
            return self._to_login(request)
        if tracked.last_seen_at < now - dt.timedelta(minutes=settings.YUPANA_SESSION_IDLE_MINUTES):
            tracked.delete()
            logout(request)
            messages.info(request, IDLE_NOTICE)
            return self._to_login(request)
        if now - tracked.last_seen_at >= TOUCH_EVERY:
            UserSession.objects.filter(pk=tracked.pk).update(last_seen_at=now)
        return None

    @staticmethod
    def _to_login(request):
        from django.urls import reverse

        url = reverse(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            response = redirect(url)
            response["HX-Redirect"] = url
            return response
        return redirect(f"{url}?next={request.get_full_path()}")
