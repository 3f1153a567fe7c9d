"""What a new user and an operator see from the command line (run as real processes)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import zhifa

SRC = str(Path(zhifa.__file__).resolve().parents[1])

PRODUCTION = {
    "ZHIFA_DEBUG": "0",
    "ZHIFA_ALLOWED_HOSTS": "zhifa.example.gov.cn",
    "ZHIFA_BEHIND_TLS_PROXY": "1",
    "ZHIFA_SSL_REDIRECT": "1",
    "ZHIFA_HSTS_SECONDS": "31536000",
    "ZHIFA_HSTS_INCLUDE_SUBDOMAINS": "1",
    "ZHIFA_HSTS_PRELOAD": "1",
    "ZHIFA_SECURE_COOKIES": "1",
}


def run(args, tmp_path, **env):
    # a deployment's environment, not the test session's: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE
    # for Playwright, which `check --deploy` rightly reports (async.E001)
    base = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base.update(PYTHONPATH=SRC, ZHIFA_DATA_DIR=str(tmp_path / "data"), **env)
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "zhifa.cli", *args], cwd=cwd, env=base, capture_output=True, text=True, timeout=120
    )


def test_report_on_an_empty_data_dir_says_to_migrate(tmp_path):
    done = run(["report", "annual", "--region", "120110", "--year", "2023"], tmp_path)
    assert done.returncode == 2
    assert "数据库尚未初始化：请先运行 zhifa migrate（或 zhifa demo）" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_template_needs_no_database(tmp_path):
    # a unit's IT staff fetch the file template before any database exists; loading still needs one
    done = run(["exchange", "template", "行政检查"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "cwd" / "行政检查.xlsx").stat().st_size > 0
    done = run(["exchange", "load", "行政检查.xlsx"], tmp_path)
    assert done.returncode == 2 and "数据库尚未初始化" in done.stderr


def test_info_names_the_data_dir_and_database(tmp_path):
    done = run(["info"], tmp_path)
    assert done.returncode == 0, done.stderr
    data = tmp_path / "data"
    assert f"数据目录：{data}" in done.stdout
    assert f"SQLite {data / 'zhifa.sqlite3'}" in done.stdout
    assert "尚未初始化" in done.stdout


def test_no_secret_key_with_debug_off_refuses_to_serve(tmp_path):
    done = run(["serve", "--no-collectstatic"], tmp_path, ZHIFA_DEBUG="0")
    assert done.returncode != 0
    assert "ZHIFA_SECRET_KEY" in done.stderr and "未设置安全密钥" in done.stderr and "fallback key is public" in done.stderr
    # a WSGI server started directly on zhifa.wsgi (no system checks there) refuses as well
    base = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    wsgi = subprocess.run(
        [sys.executable, "-c", "import zhifa.wsgi"],
        env={**base, "PYTHONPATH": SRC, "ZHIFA_DATA_DIR": str(tmp_path / "data"), "ZHIFA_DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wsgi.returncode != 0 and "未设置安全密钥" in wsgi.stderr


def test_migrate_writes_the_installation_key_that_the_wsgi_application_accepts(tmp_path):
    done = run(["migrate", "-v", "0"], tmp_path)
    assert done.returncode == 0, done.stderr
    key = tmp_path / "data" / "secret_key"
    first = key.read_text()
    assert key.stat().st_mode & 0o777 == 0o600 and len(first.strip()) >= 50
    assert run(["migrate", "-v", "0"], tmp_path).returncode == 0
    assert key.read_text() == first  # kept: sessions signed before stay valid
    base = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    wsgi = subprocess.run(
        [sys.executable, "-c", "import zhifa.wsgi; from django.conf import settings; print(settings.SECRET_KEY)"],
        env={**base, "PYTHONPATH": SRC, "ZHIFA_DATA_DIR": str(tmp_path / "data"), "ZHIFA_DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wsgi.returncode == 0, wsgi.stderr
    assert wsgi.stdout.strip() == first.strip()


def test_a_short_key_fails_check_deploy(tmp_path):
    done = run(["check", "--deploy"], tmp_path, **PRODUCTION, ZHIFA_SECRET_KEY="x" * 49)
    assert done.returncode != 0 and "zhifa.E001" in done.stderr


def test_documented_production_variables_pass_check_deploy(tmp_path):
    done = run(["check", "--deploy"], tmp_path, **PRODUCTION, ZHIFA_SECRET_KEY=secrets.token_urlsafe(50))
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


@pytest.mark.django_db
def test_demo_refuses_a_database_with_other_data():
    from zhifa.core.models import Setting
    from zhifa.org.models import Region

    Region.objects.create(code="120110", name="东丽区", level="district")
    with pytest.raises(CommandError, match="已有非演示数据"):
        call_command("demo", "--scenario", "no-such-scenario-file")
    Setting.objects.create(key="demo", value="1")
    from zhifa.core.selectors import is_demo_database

    assert is_demo_database()
    with pytest.raises(CommandError) as exc:  # a demo database may be rebuilt: it gets past the guard
        call_command("demo", "--scenario", "no-such-scenario-file")
    assert "已有非演示数据" not in str(exc.value)
