"""The workspace desks (certificates, 权责清单 adjustments, 案卷评查, 监督检查/整改, 干预插手, clues, 备案/培训):
one generic page (``web/desk.html``: facts, tables, forms) and one POST handler that validates a form,
calls one service with the logged-in user as actor and puts a refusal back at the field it names.
Which forms a page offers is asked of ``core.policy``; the services ask it again when they run."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from zhifa.core import policy
from zhifa.core.errors import DomainError, ImportRejected, PermissionDenied

from .forms import apply_domain_error


@dataclass
class Cell:
    text: object
    url: str = ""
    cls: str = ""
    id: str = ""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    id: str = ""
    empty: str = "暂无记录"
    note: str = ""

    @property
    def cells(self) -> list[list[Cell]]:
        return [[c if isinstance(c, Cell) else Cell(c) for c in row] for row in self.rows]


@dataclass
class FormBox:
    key: str  # the hidden _form value and the element id "form-<key>"
    title: str
    form: object
    submit: str
    action: str = ""
    multipart: bool = False
    note: str = ""


def link(text, name: str, *args) -> Cell:
    return Cell(text, reverse(name, args=args))


def badge(text, kind: str = "") -> Cell:
    return Cell(text, cls=f"badge {kind}".strip())


def offered(request, key: str, action: str, *, unit=None, region=None) -> bool:
    """Whether the page offers form ``key`` (the policy allows ``action`` there, the day's conditions left to the
    service). A POST of that form by someone the policy refuses is answered with the refusal (HTTP 403), not by
    quietly showing the page again."""
    refusal = policy.check(request.user, action, unit=unit, region=region, conditions=False)
    if refusal is None:
        return True
    if request.method == "POST" and request.POST.get("_form") == key:
        raise refusal
    return False


def bound(request, key: str, form_class, **kwargs):
    """The form bound to the POST when it was this form's submit, else unbound (with ``initial``)."""
    is_mine = request.method == "POST" and request.POST.get("_form") == key
    if is_mine:
        return form_class(request.POST, request.FILES, prefix=key, **kwargs)
    return form_class(prefix=key, **kwargs)


def handle(request, form, call, *, success: str, next_url):
    """Validate ``form``; call ``call(cleaned_data)`` (one service) in a transaction; redirect on success.

    Returns a response, or None when the form now carries the errors (the page renders it again)."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        with transaction.atomic():
            result = call(form.cleaned_data)
    except PermissionDenied:
        raise
    except ImportRejected as exc:
        form.add_error(None, exc.message)
        for e in exc.errors[:20]:
            form.add_error(None, str(e))
        return None
    except DomainError as exc:
        apply_domain_error(form, exc)
        return None
    messages.success(request, success)
    return redirect(next_url(result) if callable(next_url) else next_url)


def page(request, *, title: str, facts=(), tables=(), forms=(), links=(), status: Cell | None = None, extra=None):
    ctx = {
        "title": title,
        "facts": list(facts),
        "tables": list(tables),
        "forms": [f for f in forms if f is not None],
        "links": list(links),
        "status": status,
    }
    ctx.update(extra or {})
    code = 422 if any(f.form.is_bound and f.form.errors for f in ctx["forms"]) else 200
    return render(request, "web/desk.html", ctx, status=code)
