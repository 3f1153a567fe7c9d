"""Staff accounts: every account belongs to a person (Person.user) and holds roles (access.Roles groups).

Who manages which account is the policy's (zhifa.core.policy): a unit admin the accounts of their unit
(officers, reviewers, leaders), a supervisor the unit admins of their region, a system administrator
the supervisors. Passwords pass Django's validators (settings.AUTH_PASSWORD_VALIDATORS); a generated
one is returned once to be shown once and is never stored in clear or audited. Every change writes one
audit row.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zhifa.core.access import Roles, person_of, user_roles
from zhifa.core.audit import audit
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize

from .choices import PersonStatus
from .models import Person

USERNAME_CHARS = set(string.ascii_letters + string.digits + "_.-@")


def _action_for(roles) -> str:
    roles = set(roles)
    if Roles.SUPERVISOR in roles:
        return "account.manage_supervisor"
    if Roles.UNIT_ADMIN in roles:
        return "account.manage_admin"
    return "account.manage"


def _clean_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles))
    if not roles:
        raise InvalidInput("请至少选择一个角色", field="roles", code="account.roles")
    bad = [r for r in roles if r not in Roles.ALL]
    if bad:
        raise InvalidInput(f"角色“{bad[0]}”无效", field="roles", code="account.roles")
    if Roles.SUPERVISOR in roles and len(roles) > 1:
        raise InvalidInput("监督人员账号不能兼任执法单位角色", field="roles", code="account.roles_mixed")
    return roles


def generate_password() -> str:
    """A one-time password: 14 characters from letters and digits (no look-alikes), passing the validators."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(14))
        if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw) and any(c.islower() for c in pw):
            return pw


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("；".join(exc.messages), field="password", code="account.password") from None


def _snapshot(user) -> dict:
    person = person_of(user)
    return {
        "username": user.username,
        "is_active": user.is_active,
        "roles": sorted(user_roles(user)),
        "person": person.pk if person else None,
        "unit": person.unit_id if person else None,
    }


def _authorize_for(actor, user, roles=None) -> Person:
    """The actor may manage this account (its current roles and, for a change, the new ones)."""
    person = person_of(user)
    if person is None:
        raise DomainError("该账号未关联人员，只能由系统管理员处理", field="person", code="account.no_person")
    for rs in (user_roles(user), roles):
        if rs is not None:
            authorize(actor, _action_for(rs), unit=person.unit_id)
    return person


def _fresh(user):
    """Re-read the account (role caches on the instance are per request)."""
    return get_user_model().objects.select_related("person").get(pk=user.pk)


@transaction.atomic
def account_create(*, actor, person: Person, username: str, roles, password: str = "") -> tuple:
    """Open an account for ``person`` with ``roles``; returns (user, password) — a generated one if none given."""
    roles = _clean_roles(roles)
    person = Person.objects.select_for_update().get(pk=person.pk)
    authorize(actor, _action_for(roles), unit=person.unit_id)
    username = (username or "").strip()
    if not (3 <= len(username) <= 150) or set(username) - USERNAME_CHARS:
        raise InvalidInput(
            "用户名应为3–150位字母、数字或 _ . - @", field="username", code="account.username"
        )
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"用户名“{username}”已被使用", field="username", code="account.username_taken")
    if person.user_id is not None:
        raise InvalidInput(f"{person.name}已有账号", field="person", code="account.person_has_account")
    if person.status != PersonStatus.ACTIVE:
        raise InvalidInput(f"{person.name}已不在岗，不能开通账号", field="person", code="account.person_inactive")
    user = User(username=username, first_name=person.name[:150])
    password = password or generate_password()
    _check_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    person.user = user
    person.save(update_fields=["user"])
    user = _fresh(user)
    audit(
        actor=actor,
        action="account.create",
        object_type="auth.user",
        object_id=str(user.pk),
        region_code=person.region_id,
        after=_snapshot(user),
        note=person.name,
    )
    return user, password


@transaction.atomic
def account_reset_password(*, actor, user, password: str = "") -> str:
    """A new password (generated when none is given), to be shown once; the old one stops working."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    person = _authorize_for(actor, user)
    password = password or generate_password()
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(
        actor=actor,
        action="account.reset_password",
        object_type="auth.user",
        object_id=str(user.pk),
        region_code=person.region_id,
        after={"username": user.username},  # never the password
        note=person.name,
    )
    return password


@transaction.atomic
def account_set_active(*, actor, user, active: bool):
    """停用 / 启用: a disabled account cannot log in; its history stays."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    person = _authorize_for(actor, user)
    if getattr(actor, "pk", None) == user.pk and not active:
        raise InvalidInput("不能停用自己的账号", field="is_active", code="account.self")
    before = _snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action="account.enable" if active else "account.disable",
        object_type="auth.user",
        object_id=str(user.pk),
        region_code=person.region_id,
        before=before,
        after=_snapshot(_fresh(user)),
        note=person.name,
    )
    return user


@transaction.atomic
def account_set_roles(*, actor, user, roles):
    """Change an account's roles (the actor must be allowed to manage both the old and the new roles)."""
    roles = _clean_roles(roles)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    person = _authorize_for(actor, user, roles)
    before = _snapshot(user)
    user.groups.set(Group.objects.filter(name__in=roles))
    user = _fresh(user)
    audit(
        actor=actor,
        action="account.set_roles",
        object_type="auth.user",
        object_id=str(user.pk),
        region_code=person.region_id,
        before=before,
        after=_snapshot(user),
        note=person.name,
    )
    return user


DEMO_NAMES = {Roles.UNIT_ADMIN: "admin", Roles.OFFICER: "officer", Roles.LEGAL_REVIEWER: "reviewer", Roles.LEADER: "leader"}


@dataclass(frozen=True)
class IssuedAccount:
    role: str  # Chinese label
    username: str
    password: str
    unit: str
    person: str


def _demo_people(unit, today):
    """An officer with a certificate in force, a designated reviewer, a leader and an admin of ``unit``."""
    from django.db.models import Q

    from .models import Certificate, LegalReviewerDesignation

    people = Person.objects.filter(unit=unit, status=PersonStatus.ACTIVE, user__isnull=True).order_by("id")
    certified = set(
        Certificate.objects.filter(unit=unit, issued_on__lte=today, valid_until__gte=today, status="active")
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=today))
        .values_list("holder_id", flat=True)
    )
    reviewers = set(
        LegalReviewerDesignation.objects.filter(unit=unit, designated_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("person_id", flat=True)
    )
    chosen: dict[str, Person] = {}
    for p in people:
        if Roles.OFFICER not in chosen and p.pk in certified and p.pk not in reviewers:
            chosen[Roles.OFFICER] = p
        elif Roles.LEGAL_REVIEWER not in chosen and p.pk in reviewers:
            chosen[Roles.LEGAL_REVIEWER] = p
    rest = [p for p in people if p not in chosen.values()]
    for role, p in zip((Roles.LEADER, Roles.UNIT_ADMIN), rest, strict=False):
        chosen[role] = p
    return chosen


@transaction.atomic
def demo_accounts_create(*, actor, region_code: str, today=None) -> list[IssuedAccount]:
    """One account per role in two units of the demo district plus a supervisor (区司法局), with passwords.

    Only in a database marked as a demo database (``zhifa demo``): anywhere else known passwords printed
    on a terminal would be a way in, so the service refuses.
    """
    authorize(actor, "account.create_demo", region=region_code)
    from django.db.models import Count
    from django.utils import timezone

    from zhifa.core.selectors import is_demo_database

    from .models import Unit

    if not is_demo_database():
        raise DomainError(
            "演示账号只能在演示数据库（zhifa demo 生成）中创建", field="database", code="account.not_demo"
        )
    today = today or timezone.localdate()
    units = Unit.objects.filter(region_id=region_code).order_by("id")
    justice = units.filter(name__contains="司法局").first()
    if justice is None:
        raise DomainError("演示区县没有司法局，无法创建监督人员账号", field="region_code", code="account.demo_units")
    issued: list[IssuedAccount] = []

    def issue(person, role, username):
        user, password = account_create(actor=actor, person=person, username=username, roles=[role])
        issued.append(IssuedAccount(Roles.LABELS[role], user.username, password, person.unit.name, person.name))

    sup = Person.objects.filter(unit=justice, status=PersonStatus.ACTIVE, user__isnull=True).order_by("id").first()
    if sup is None:
        raise DomainError("区司法局没有在岗人员", field="region_code", code="account.demo_units")
    issue(sup, Roles.SUPERVISOR, "supervisor")
    busiest = units.exclude(pk=justice.pk).annotate(n=Count("cases")).order_by("-n", "id")
    n = 0
    for unit in busiest:
        chosen = _demo_people(unit, today)
        if len(chosen) < 4:
            continue
        n += 1
        for role in (Roles.UNIT_ADMIN, Roles.OFFICER, Roles.LEGAL_REVIEWER, Roles.LEADER):
            issue(chosen[role], role, f"unit{n}_{DEMO_NAMES[role]}")
        if n == 2:
            break
    if n < 2:
        raise DomainError("演示数据中没有两个人员齐备的执法单位", field="region_code", code="account.demo_units")
    return issued


def demo_accounts_print(console, *, region_code: str, url: str = "http://127.0.0.1:8000/staff/") -> list[IssuedAccount]:
    """For ``zhifa demo``: create the demo accounts and print where to log in and a 角色/用户名/密码 table."""
    from rich.table import Column, Table

    from zhifa.core.policy import SystemActor

    try:
        issued = demo_accounts_create(actor=SystemActor("demo"), region_code=region_code)
    except DomainError as exc:
        console.print(f"[yellow]未创建演示账号：{exc}[/yellow]")
        return []
    console.print(f"工作台：先运行 zhifa runserver，再打开 {url} 用下列账号登录（密码只显示这一次）：")
    # On a narrow terminal the unit's name wraps (never "…"); the user name and password never break.
    table = Table(
        Column("角色", no_wrap=True),
        Column("用户名", no_wrap=True),
        Column("密码", no_wrap=True),
        Column("单位", overflow="fold"),
        Column("人员", no_wrap=True),
    )
    for a in issued:
        table.add_row(a.role, a.username, a.password, a.unit, a.person)
    console.print(table)
    return issued
