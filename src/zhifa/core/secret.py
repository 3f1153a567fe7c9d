"""This installation's own secret key, kept in the data directory.

``zhifa migrate`` and ``zhifa demo`` call :func:`ensure_installation_key` before Django starts, so that
every later command — ``zhifa runserver`` and ``zhifa serve`` included — signs sessions with a key that
was generated here and is known to nobody else. ZHIFA_SECRET_KEY, when set, takes precedence (settings.py).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_BYTES = 50  # token_urlsafe(50) → 67 characters, above the 50 the production check asks for


def data_dir() -> Path:
    """The data directory (settings.DATA_DIR): ZHIFA_DATA_DIR, else the platform's user data dir. Read without
    Django, so that the CLI finds the key file before the settings are loaded."""
    import platformdirs

    return Path(os.environ.get("ZHIFA_DATA_DIR") or platformdirs.user_data_dir("zhifa", appauthor=False)).resolve()


def key_file(data: Path) -> Path:
    return data / "secret_key"


def installation_key(path: Path) -> str:
    """The key written by ``ensure_installation_key``, or '' while there is none."""
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def ensure_installation_key(path: Path) -> bool:
    """Create the key file (mode 0600) unless it exists; True if it was created now.

    O_EXCL makes two processes starting at once agree: the loser reads the winner's key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
    return True
