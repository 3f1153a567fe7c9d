"""Small helpers shared by the staff views."""

from __future__ import annotations

from django.shortcuts import render

from zhifa.core.access import Roles, user_roles
from zhifa.org.models import Unit


def units_in_scope(request):
    """Units the user may pick in a filter: their region for supervisors, their own unit otherwise."""
    return request.scope.filter(Unit.objects.all(), unit_field="pk").order_by("id")


def unit_choices(request) -> list[tuple[str, str]]:
    return [(str(u.pk), u.name) for u in units_in_scope(request)]


def render_list(request, *, template: str, title: str, listing, extra: dict | None = None, new_url: str = ""):
    """Full page, or only the table when HTMX asks (the filter form targets #list)."""
    ctx = {"title": title, "listing": listing, "page": listing.page, "table": template, "new_url": new_url}
    ctx.update(extra or {})
    if request.htmx and request.htmx.target == "list":
        return render(request, template, ctx)
    return render(request, "web/list.html", ctx)


def is_supervisor(user) -> bool:
    return Roles.SUPERVISOR in user_roles(user)


def role_labels(user) -> list[str]:
    if user.is_superuser:
        return ["系统管理员"]
    return [Roles.LABELS[r] for r in Roles.ALL if r in user_roles(user)]
