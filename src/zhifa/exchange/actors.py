"""Who loads: a user, a source system's token, or the system itself. Every load has an actor.

Users are asked through the one policy (core.policy): ``exchange.load`` for records a unit owns, and the
registry's own actions for the records only the 司法局 keeps (执法主体, 执法证件, 权责事项). A token is a
source system: a unit's token writes and reads that unit's records only, a region's token (the 司法局's)
those of its region and the regions below it.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.core.access import region_codes_under, scope_for
from zhifa.core.errors import PermissionDenied
from zhifa.core.policy import SYSTEM, SystemActor, authorize, is_system

__all__ = ["SYSTEM", "SourceSystem", "SystemActor", "authorize_record", "service_actor", "read_scope"]

# Record types kept by the 司法局 (policy: supervisor, region scope); the rest are the units' own.
TYPE_ACTIONS = {
    "执法主体": "unit.create",
    "执法证件": "certificate.issue",
    "权责事项": "power.add",
    "案卷评查": "review.score",
    "执法监督检查": "supervision_inspection.record",
    "月度通报": "bulletin.issue",
}


@dataclass(frozen=True)
class SourceSystem:
    """A token's source system: acts within its unit, or within its region (司法局)."""

    token_id: int
    name: str
    region_code: str
    unit_id: int | None = None

    pk = None  # not a user account: audit rows carry the label

    @property
    def username(self) -> str:
        return f"api:{self.name}"

    def __str__(self) -> str:
        return self.username


def service_actor(actor):
    """The actor handed to domain services: a token acts as a labelled system actor once authorized here."""
    if isinstance(actor, SourceSystem):
        return SystemActor(f"api:{actor.name}")
    return actor


def _denied() -> PermissionDenied:
    return PermissionDenied(
        "无权报送其他单位或其他行政区划的数据", code="auth.other_unit", field="实施机构统一社会信用代码"
    )


def authorize_record(actor, type_name: str, *, unit=None, region_code: str | None = None) -> None:
    """Refuse a record outside the actor's reach (PermissionDenied, in Chinese)."""
    if is_system(actor):
        return
    target_region = unit.region_id if unit is not None else region_code
    if isinstance(actor, SourceSystem):
        if actor.unit_id is not None:
            if unit is None or unit.pk != actor.unit_id or type_name in TYPE_ACTIONS:
                raise _denied()
        elif target_region not in region_codes_under(actor.region_code):
            raise _denied()
        return
    authorize(actor, TYPE_ACTIONS.get(type_name, "exchange.load"), unit=unit, region=target_region)


def read_scope(actor) -> tuple[bool, tuple[str, ...], int | None]:
    """(everything, regions, unit id) the actor may read."""
    if is_system(actor):
        return True, (), None
    if isinstance(actor, SourceSystem):
        return False, region_codes_under(actor.region_code), actor.unit_id
    s = scope_for(actor)
    if s.everything:
        return True, (), None
    return False, s.region_codes or region_codes_under(s.region_code), s.unit_id
