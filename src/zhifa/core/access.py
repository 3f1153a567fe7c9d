"""Who sees what: the one place that decides a user's scope.

Supervisors (监督人员, in group ``supervisor``) see their whole region; everybody else sees the
records of the unit they belong to (their Person row). Superusers see everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .errors import PermissionDenied


class Roles:
    SUPERVISOR = "supervisor"  # 区司法局监督人员
    UNIT_ADMIN = "unit_admin"  # 执法单位管理员
    OFFICER = "officer"  # 执法人员
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员
    LEADER = "leader"  # 单位负责人

    ALL = (SUPERVISOR, UNIT_ADMIN, OFFICER, LEGAL_REVIEWER, LEADER)
    LABELS = {
        SUPERVISOR: "监督人员",
        UNIT_ADMIN: "执法单位管理员",
        OFFICER: "执法人员",
        LEGAL_REVIEWER: "法制审核人员",
        LEADER: "单位负责人",
    }


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_code: str | None = None
    unit_id: int | None = None  # None with a region_code: the whole region

    @property
    def is_region(self) -> bool:
        return self.everything or self.unit_id is None


def user_roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.groups.values_list("name", flat=True))


def scope_for(user) -> Scope:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("请先登录", code="auth.required")
    if user.is_superuser:
        return Scope(everything=True)
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied("该账号未关联任何单位人员，无权查看执法数据", code="auth.no_person")
    if Roles.SUPERVISOR in user_roles(user):
        return Scope(region_code=person.region_id)
    return Scope(region_code=person.region_id, unit_id=person.unit_id)


def visible(qs: QuerySet, user, *, unit_field: str = "unit", region_field: str = "region") -> QuerySet:
    """Filter any fact queryset to what ``user`` may see."""
    scope = scope_for(user)
    if scope.everything:
        return qs
    qs = qs.filter(**{f"{region_field}_id": scope.region_code})
    if scope.unit_id is not None:
        qs = qs.filter(**{f"{unit_field}_id": scope.unit_id})
    return qs


def require_unit(user, unit_id: int) -> None:
    """Refuse a write on another unit's records."""
    scope = scope_for(user)
    if scope.everything:
        return
    from zhifa.org.models import Unit

    if not Unit.objects.filter(pk=unit_id, region_id=scope.region_code).exists() or (
        scope.unit_id is not None and scope.unit_id != unit_id
    ):
        raise PermissionDenied("无权操作其他单位的数据", code="auth.other_unit")
