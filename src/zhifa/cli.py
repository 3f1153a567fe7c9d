"""The ``zhifa`` console script: Django's manage.py with zhifa's settings.

Before running a command that reads the product's tables it checks that the database has been
initialised, so that a new user sees what to do instead of a traceback ("no such table: org_region").
"""

import os
import sys

NOT_INITIALISED = "数据库尚未初始化：请先运行 zhifa migrate（或 zhifa demo）"
# Commands that work on an empty database (or create it).
NO_DATABASE_NEEDED = {
    "migrate",
    "demo",
    "info",
    "help",
    "check",
    "makemigrations",
    "createcachetable",
    "shell",
    "dbshell",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "collectstatic",
    "version",
    "backup",
    "serve",  # checks the secret key first, then the database itself
}
# Subcommands that need no database though their command does.
NO_DATABASE_NEEDED_SUB = {("exchange", "template")}


def _needs_database(args: list[str]) -> bool:
    words = [a for a in args if not a.startswith("-")][:2]
    if not words or words[0] in NO_DATABASE_NEEDED or tuple(words) in NO_DATABASE_NEEDED_SUB:
        return False
    return not {"-h", "--help"} & set(args)


def database_problem() -> str:
    """'' when the product's tables exist; else the message to print (Django must be set up)."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        tables = set(connection.introspection.table_names())
    except OperationalError as exc:
        return f"无法连接数据库：{exc}"
    finally:
        if not connection.in_atomic_block:  # never close a connection a caller's transaction is using
            connection.close()
    if not {"django_migrations", "org_region"} <= tables:
        return NOT_INITIALISED
    return ""


# Commands that create the database also create the installation's secret key (zhifa.core.secret).
CREATES_KEY = {"migrate", "demo"}


def _ensure_key(args: list[str]) -> None:
    words = [a for a in args if not a.startswith("-")][:1]
    if not words or words[0] not in CREATES_KEY or os.environ.get("ZHIFA_SECRET_KEY"):
        return
    from zhifa.core.secret import data_dir, ensure_installation_key, key_file

    ensure_installation_key(key_file(data_dir()))


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    _ensure_key(args)  # before the settings are read, so that they read the key
    if _needs_database(args):
        import django

        django.setup()
        problem = database_problem()
        if problem:
            print(problem, file=sys.stderr)
            raise SystemExit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhifa", *args])


if __name__ == "__main__":
    main()
