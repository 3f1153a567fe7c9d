"""Reading the installation's own settings rows."""

from __future__ import annotations

from .models import Setting

DEMO_KEY = "demo"


def setting_get(key: str, default: str = "") -> str:
    value = Setting.objects.filter(key=key).values_list("value", flat=True).first()
    return default if value is None else value


def is_demo_database() -> bool:
    """True when the database was built by ``zhifa demo`` (the demo writes the setting ``demo=1``)."""
    return setting_get(DEMO_KEY) == "1"
