"""Login and logout. Passwords are argon2 hashes (settings.PASSWORD_HASHERS); django-axes counts failures
per username and IP and locks after AXES_FAILURE_LIMIT (5) for AXES_COOLOFF_TIME."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败%(limit)s次后账号将被锁定。",
        "inactive": "该账号已停用。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].widget = forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login", params={"limit": settings.AXES_FAILURE_LIMIT}
        )


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout(request, credentials=None, *args, **kwargs):
    """AXES_LOCKOUT_CALLABLE: a Chinese page instead of axes' English text (HTTP 429)."""
    hours = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "web/locked.html",
        {"limit": settings.AXES_FAILURE_LIMIT, "minutes": int(float(hours) * 60)},
        status=429,
    )
