"""Per-region numbers with their source documents (supervision.LawSetting): one reader for every consumer."""

from __future__ import annotations

from .models_law import LawSetting


def law_setting(region_code: str, key: str) -> tuple[int, str] | None:
    """(value, source document) the region set for ``key``, or None when it set none (the rule then stays silent
    and the settings page says so: a local figure is never guessed)."""
    row = LawSetting.objects.filter(region_id=region_code, key=key).values_list("value", "source_document").first()
    return (row[0], row[1]) if row else None
