"""Per-region numbers with their source documents (supervision.LawSetting): one reader for every consumer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models_law import LawSetting


def law_setting(region_code: str, key: str) -> tuple[int, str] | None:
    """(value, source document) the region set for ``key``, or None when it set none (the rule then stays silent
    and the settings page says so: a local figure is never guessed)."""
    row = LawSetting.objects.filter(region_id=region_code, key=key).values_list("value", "source_document").first()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class Requirement:
    hours: Decimal
    source: str  # the document the figure comes from
    region_code: str | None  # where it is set (the region itself or a region above it); None: platform default

    @property
    def text(self) -> str:
        return f"{self.hours}学时（{self.source}）"


# Used only where neither the region nor a region above it set a figure. 60 学时 is the figure the 东丽区 seed
# states as its own requirement; 国办发〔2023〕27号's wording is unverified (docs/legal-basis.md §5).
TRAINING_HOURS_DEFAULT = Requirement(Decimal("60"), "平台默认值（本地区未设置年度培训学时要求）", None)


def training_requirement(region_code: str | None) -> Requirement:
    """The yearly training hours a certified officer of ``region_code`` must reach: the region's own setting, else
    the nearest region above it that set one (a 市's rule covers its districts), else the platform default.

    Tianjin's 2014 rule (天津市行政执法监督规定第十条) says 40 学时; 东丽区 requires 60 (the seed): each is a
    LawSetting of its region with that source, editable by the region's supervisors (law_setting.set)."""
    from zhifa.org.models import Region

    code, seen = region_code, set()
    while code and code not in seen:
        seen.add(code)
        found = law_setting(code, LawSetting.Key.TRAINING_HOURS)
        if found is not None:
            return Requirement(Decimal(found[0]), found[1], code)
        code = Region.objects.filter(pk=code).values_list("parent_id", flat=True).first()
    return TRAINING_HOURS_DEFAULT
