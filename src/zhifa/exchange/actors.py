"""Who loads: a user, a source system's token, or the system itself. Every load has one."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.core.access import scope_for
from zhifa.core.errors import PermissionDenied


@dataclass(frozen=True)
class SourceSystem:
    """A token's source system: writes and reads only within its unit, or its region (司法局)."""

    token_id: int
    name: str
    region_code: str
    unit_id: int | None = None

    def __str__(self) -> str:  # the audit rows' actor label
        return f"api:{self.name}"


@dataclass(frozen=True)
class SystemActor:
    """The product itself (CLI run by the operator, the demo generator)."""

    label: str = "system"

    def __str__(self) -> str:
        return self.label


SYSTEM = SystemActor()


def actor_scope(actor) -> tuple[bool, str | None, int | None]:
    """(everything, region_code, unit_id) that ``actor`` may touch."""
    if actor is None or isinstance(actor, SystemActor):
        return True, None, None
    if isinstance(actor, SourceSystem):
        return False, actor.region_code, actor.unit_id
    s = scope_for(actor)
    return s.everything, s.region_code, s.unit_id


def authorize_unit(actor, *, unit=None, region_code: str | None = None, action: str = "exchange.load") -> None:
    """Refuse a record of a unit (or region) outside the actor's scope."""
    everything, region, unit_id = actor_scope(actor)
    if everything:
        return
    target_region = unit.region_id if unit is not None else region_code
    if target_region != region or (unit_id is not None and (unit is None or unit.pk != unit_id)):
        raise PermissionDenied("无权报送或查看其他单位、其他行政区划的数据", code="auth.other_unit", field="单位")
