"""The service as real processes on a file database: a killed worker, two web servers, tampering.

One small demo district (西青区 2024, ~30 s to build) in a temporary data directory serves all tests
here; the tampering test runs last because it damages the audit log.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

import zhifa

SRC = str(Path(zhifa.__file__).resolve().parents[1])
pytestmark = pytest.mark.timeout(600)


def _env(data: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    env.update({"PYTHONPATH": SRC, "ZHIFA_DATA_DIR": str(data), "ZHIFA_DEBUG": "1", **extra})
    return env


def zhifa_cmd(data: Path, *args, timeout=300, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhifa.cli", *args], env=_env(data, **extra), capture_output=True, text=True, timeout=timeout
    )


def shell(data: Path, code: str) -> str:
    done = zhifa_cmd(data, "shell", "-v", "0", "-c", code)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data = tmp_path_factory.mktemp("service") / "data"
    done = zhifa_cmd(data, "demo", "--scenario", "xiqing-2024", timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return data


def test_verify_passes_on_the_untouched_demo(demo):
    done = zhifa_cmd(demo, "verify")
    assert done.returncode == 0, done.stderr
    assert "全部完好" in done.stdout


def test_killed_worker_mid_report_job_is_completed_after_restart(demo):
    job_id = int(
        shell(
            demo,
            "from zhifa.web.models import GenerationJob; from zhifa.web import jobs; "
            "j = GenerationJob.objects.create(kind='annual_report', region_id='120111', params={'year': 2024}); "
            "jobs.start(j); print(j.pk)",
        )
    )
    db = sqlite3.connect(demo / "zhifa.sqlite3", timeout=30)

    def job():
        return db.execute("select status, progress from web_generationjob where id=?", (job_id,)).fetchone()

    worker = subprocess.Popen(
        [sys.executable, "-m", "zhifa.cli", "worker", "--queue", "reports", "--no-scheduler"],
        env=_env(demo),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while job()[0] != "running" and time.monotonic() < deadline:
        time.sleep(0.02)
    assert job()[0] == "running"
    worker.send_signal(signal.SIGKILL)  # kill -9 in the middle of the job
    worker.wait()
    assert job()[0] == "running"
    assert db.execute("select count(*) from django_tasks_database_dbtaskresult where status='RUNNING'").fetchone()[0] == 1
    done = zhifa_cmd(demo, "worker", "--batch", "--queue", "reports", "--no-scheduler")
    assert done.returncode == 0, done.stderr
    status, progress = job()
    assert (status, progress) == ("done", 100)
    path = db.execute("select file_path from web_generationjob where id=?", (job_id,)).fetchone()[0]
    assert Path(path).is_file()
    statuses = db.execute("select status, worker_ids from django_tasks_database_dbtaskresult").fetchall()
    assert [s for s, _ in statuses] == ["SUCCESSFUL"] and statuses[0][1].count(",") == 1  # two attempts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post_clue(port: int) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/portal/clue/", timeout=30).read().decode()
    token = next(c.value for c in jar if c.name == "csrftoken")
    assert "csrfmiddlewaretoken" in page
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "text": "某商户长期占道经营，影响通行，请予查处。", "contact": ""}
    ).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/portal/clue/", data=body, headers={"Referer": f"http://127.0.0.1:{port}/portal/clue/"})
    try:
        return opener.open(req, timeout=30).read().decode()
    except urllib.error.HTTPError as e:
        return e.read().decode()


def test_two_server_processes_share_the_clue_rate_limit(demo):
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{p}", "zhifa.wsgi:application"],
            env=_env(demo, ZHIFA_DEBUG="0", ZHIFA_SECRET_KEY="k" * 60, ZHIFA_ALERT_HOOK="0"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for p in ports
    ]
    try:
        for p in ports:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{p}/portal/", timeout=5)
                    break
                except OSError:
                    time.sleep(0.3)
        answers = [_post_clue(ports[i % 2]) for i in range(7)]  # alternate between the two processes
    finally:
        for s in servers:
            s.terminate()
            s.wait(timeout=30)
    limited = ["每小时最多提交" in a for a in answers]
    assert limited == [False] * 5 + [True] * 2


def test_runserver_as_the_demo_says_serves_the_workspace(demo):
    # `zhifa demo` ends with "先运行 zhifa runserver": a new user's environment has no ZHIFA_DEBUG and no
    # ZHIFA_SECRET_KEY, so the development server must sign with the key the demo wrote, and serve the pages
    # and their static files.
    key = demo / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text().strip()) >= 50
    port = _free_port()
    env = {k: v for k, v in _env(demo).items() if k != "ZHIFA_DEBUG"}
    server = subprocess.Popen(
        [sys.executable, "-m", "zhifa.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/staff/login/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert "登录" in page, server.stderr.read() if server.poll() is not None else "no answer"
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/css/app.css", timeout=5)
        assert css.status == 200 and len(css.read()) > 1000
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_online_backup_is_a_consistent_copy(demo, tmp_path):
    out = tmp_path / "backup.sqlite3"
    done = zhifa_cmd(demo, "backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    live = sqlite3.connect(demo / "zhifa.sqlite3", timeout=30)
    copy = sqlite3.connect(out)
    for table in ("core_auditlog", "enforcement_penaltycase", "core_chainhead"):
        q = f"select count(*) from {table}"
        assert copy.execute(q).fetchone() == live.execute(q).fetchone()
    assert zhifa_cmd(demo, "verify", "--no-recordings", ZHIFA_SQLITE_PATH=str(out)).returncode == 0


def test_sql_update_and_delete_of_audit_rows_are_named(demo):
    db = sqlite3.connect(demo / "zhifa.sqlite3", timeout=30)
    ids = [r[0] for r in db.execute("select id from core_auditlog order by id")]
    a, b = ids[len(ids) // 3], ids[2 * len(ids) // 3]
    with db:
        db.execute("update core_auditlog set note = note || '（改）' where id = ?", (a,))
        db.execute("delete from core_auditlog where id = ?", (b,))
    done = zhifa_cmd(demo, "verify")
    assert done.returncode != 0
    assert f"审计日志 #{a}" in done.stderr and "被修改" in done.stderr
    assert f"#{b}" in done.stderr and "被删除" in done.stderr
