"""The one wrapper every staff view goes through: login, a scope, and DomainError → HTTP status."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from zhifa.core.access import scope_for
from zhifa.core.errors import NotFound, PermissionDenied


def staff_view(view=None, *, actions: tuple[str, ...] | frozenset = ()):
    """Require a logged-in user with a scope; PermissionDenied becomes 403, NotFound 404.

    ``actions`` names the policy actions (zhifa.core.policy.POLICY) a view performs; the authorization
    matrix test requires an HTTP case for each of them (tests/web/test_authorization_matrix.py).
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                request.scope = scope_for(request.user)
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                return render(request, "web/403.html", {"error": exc}, status=403)
            except NotFound as exc:
                raise Http404(exc.message)

        wrapper.policy_actions = tuple(actions)
        return wrapper

    return decorate(view) if view is not None else decorate
