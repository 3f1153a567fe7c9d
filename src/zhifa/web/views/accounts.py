"""Accounts (/staff/accounts/): unit admins open, reset and disable their unit's accounts; supervisors
those of unit admins. Every decision is zhifa.org.accounts' (which asks core.policy); a password is
shown once, on the page that answers the request, and never stored in clear."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from zhifa.core import policy
from zhifa.core.access import Roles, visible
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.org import accounts as svc
from zhifa.org.models import Person

from ..decorators import staff_view
from ..forms import apply_domain_error

ACCOUNT_ACTIONS = ("account.manage", "account.manage_admin", "account.manage_supervisor")


def _may_manage_any(user) -> bool:
    return any(policy.can(user, a, conditions=False) for a in ACCOUNT_ACTIONS)


def _grantable(user) -> list[tuple[str, str]]:
    """The roles this user may give somewhere (the service checks the person's unit)."""
    return [
        (r, Roles.LABELS[r]) for r in Roles.ALL if policy.can(user, svc._action_for([r]), conditions=False)
    ]


class AccountForm(forms.Form):
    person = forms.IntegerField(widget=forms.Select, label="人员")
    username = forms.CharField(label="用户名", max_length=150)
    roles = forms.MultipleChoiceField(label="角色", widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(
        label="初始密码", required=False, widget=forms.PasswordInput, help_text="留空则生成一次性密码，仅显示一次"
    )

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        # any role validates (the service refuses what the user may not give); the ones they may are offered
        self.fields["roles"].choices = [(r, Roles.LABELS[r]) for r in Roles.ALL]
        self.fields["roles"].widget.choices = _grantable(user)
        self.fields["person"].widget.choices = [(p.pk, f"{p.name}（{p.unit.name}）") for p in people]


def _people(request):
    return visible(Person.objects.select_related("unit", "user"), request.user).order_by("unit_id", "id")


@staff_view
def account_list(request):
    if not _may_manage_any(request.user):
        raise PermissionDenied("无权管理账号：需要执法单位管理员或监督人员角色", code="auth.role")
    rows = []
    for p in _people(request).filter(status="active")[:500]:
        u = p.user
        roles = sorted(u.groups.values_list("name", flat=True)) if u else []
        rows.append(
            {
                "p": p,
                "u": u,
                "roles": "、".join(Roles.LABELS.get(r, r) for r in roles),
                "may": u is not None
                and policy.can(request.user, svc._action_for(roles or [Roles.OFFICER]), unit=p.unit_id),
            }
        )
    return render(request, "web/accounts.html", {"rows": rows, "title": "账号管理"})


@staff_view(actions=ACCOUNT_ACTIONS)
def account_new(request):
    people = _people(request).filter(user__isnull=True, status="active")
    form = AccountForm(request.POST or None, user=request.user, people=people)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = get_object_or_404(_people(request), pk=d["person"])  # another unit's person: 404
        try:
            user, password = svc.account_create(
                actor=request.user, person=person, username=d["username"], roles=d["roles"], password=d["password"]
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return render(
                request,
                "web/account_password.html",
                {"account": user, "person": person, "password": password if not d["password"] else ""},
            )
    return render(request, "web/account_form.html", {"form": form}, status=422 if form.errors else 200)


def _account(request, pk: int):
    person = get_object_or_404(_people(request), user_id=pk)
    return person.user, person


@staff_view(actions=ACCOUNT_ACTIONS)
def account_reset(request, pk: int):
    user, person = _account(request, pk)
    if request.method != "POST":
        return redirect("web:accounts")
    try:
        password = svc.account_reset_password(actor=request.user, user=user, password=request.POST.get("password", ""))
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("web:accounts")
    shown = password if not request.POST.get("password") else ""
    return render(request, "web/account_password.html", {"account": user, "person": person, "password": shown})


@staff_view(actions=ACCOUNT_ACTIONS)
def account_active(request, pk: int):
    user, person = _account(request, pk)
    if request.method != "POST":
        return redirect("web:accounts")
    active = request.POST.get("active") == "1"
    try:
        svc.account_set_active(actor=request.user, user=user, active=active)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"账号 {user.username} 已{'启用' if active else '停用'}")
    return redirect("web:accounts")


