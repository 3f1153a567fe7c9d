"""Who sees what: the one place that decides a user's reading scope.

Scope follows the region hierarchy (org.Region.parent): a supervisor (监督人员, group ``supervisor``)
sees the region of their person and every region under it — a 区司法局 supervisor the district, a
市司法局 supervisor (person in a city-level region such as 120000) every district of the city;
everybody else sees the records of the unit they belong to (their Person row). Superusers see
everything. Who may *write* is zhifa.core.policy's question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .errors import PermissionDenied


class Roles:
    SUPERVISOR = "supervisor"  # 司法局监督人员 (区 or 市)
    UNIT_ADMIN = "unit_admin"  # 执法单位管理员
    OFFICER = "officer"  # 执法人员
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员
    LEADER = "leader"  # 单位负责人

    ALL = (SUPERVISOR, UNIT_ADMIN, OFFICER, LEGAL_REVIEWER, LEADER)
    UNIT_ROLES = (UNIT_ADMIN, OFFICER, LEGAL_REVIEWER, LEADER)
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
    region_code: str | None = None  # the person's own region
    unit_id: int | None = None  # None with a region_code: every region in region_codes
    region_codes: tuple[str, ...] = ()  # the region and the regions under it (a unit user: just their own)

    @property
    def is_region(self) -> bool:
        return self.everything or self.unit_id is None

    def filter(self, qs: QuerySet, *, unit_field: str | None = "unit", region_field: str | None = "region"):
        if self.everything:
            return qs
        if region_field:
            codes = self.region_codes or (self.region_code,)
            qs = qs.filter(**{f"{region_field}_id__in": codes})
        if self.unit_id is not None and unit_field:
            key = "pk" if unit_field in ("id", "pk") else f"{unit_field}_id"
            qs = qs.filter(**{key: self.unit_id})
        return qs


def user_roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_zhifa_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        try:
            user._zhifa_roles = cached
        except AttributeError:
            pass
    return set(cached)


def person_of(user):
    """The Person behind an account (None if there is none)."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return getattr(user, "person", None)
    except ObjectDoesNotExist:
        return None


def region_codes_under(code: str | None) -> tuple[str, ...]:
    """``code`` and every region below it (districts of a city, cities and districts of a province)."""
    if not code:
        return ()
    from zhifa.org.models import Region

    out, frontier = [code], [code]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("code", flat=True))
        out += frontier
    return tuple(out)


def scope_for(user) -> Scope:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("请先登录", code="auth.required")
    if user.is_superuser:
        return Scope(everything=True)
    cached = getattr(user, "_zhifa_scope", None)
    if cached is not None:
        return cached
    person = person_of(user)
    if person is None:
        raise PermissionDenied("该账号未关联任何单位人员，无权查看执法数据", code="auth.no_person")
    if Roles.SUPERVISOR in user_roles(user):
        scope = Scope(region_code=person.region_id, region_codes=region_codes_under(person.region_id))
    else:
        scope = Scope(region_code=person.region_id, unit_id=person.unit_id, region_codes=(person.region_id,))
    try:
        user._zhifa_scope = scope
    except AttributeError:
        pass
    return scope


def visible(qs: QuerySet, user, *, unit_field: str = "unit", region_field: str = "region") -> QuerySet:
    """Filter any fact queryset to what ``user`` may see."""
    return scope_for(user).filter(qs, unit_field=unit_field, region_field=region_field)


def units_visible_to(user) -> QuerySet:
    from zhifa.org.models import Unit

    return scope_for(user).filter(Unit.objects.all(), unit_field="id")


def require_unit(user, unit_id: int) -> None:
    """Refuse a read-scope mismatch on another unit's records (writes ask zhifa.core.policy)."""
    scope = scope_for(user)
    if scope.everything:
        return
    if not units_visible_to(user).filter(pk=unit_id).exists():
        raise PermissionDenied("无权操作其他单位的数据", code="auth.other_unit")
