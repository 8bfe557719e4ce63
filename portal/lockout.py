"""The page a client locked out of the admin's login gets (django-axes' AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response, credentials):
    """429 in French, with when to try again: each try while locked out starts the wait again
    (django-axes), so the time is counted from now."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.now() + cool_off,
    }
    response = render(request, "portal/admin/lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
