"""音像记录: stored content-addressed with SHA-256 while streaming; the verify command finds altered files."""

import datetime as dt
import hashlib
import io
import os
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from zhifa.core.policy import SYSTEM
from zhifa.enforcement import workflow as W
from zhifa.enforcement.recordings import recording_store

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _store(w, payload: bytes, name="a.mp4"):
    case = W.case_open(
        actor=SYSTEM,
        unit=w.unit,
        power=w.recorded,
        party=w.org,
        case_no=f"录{name}",
        violation="查封扣押",
        act_date=dt.date(2023, 5, 1),
        discovered_at=dt.datetime(2023, 5, 1, tzinfo=TZ),
        officers=[w.a, w.c],
        file_on=dt.date(2023, 5, 2),
    )
    return recording_store(
        actor=SYSTEM,
        unit=w.unit,
        officer=w.a,
        stream=io.BytesIO(payload),
        original_name=name,
        device_name="执法记录仪01",
        recorded_at=dt.datetime(2023, 5, 1, 10, tzinfo=TZ),
        case=case,
    )


def test_store_is_content_addressed_and_verify_detects_alteration(world, settings, capsys):
    payload = os.urandom(3 * (1 << 20) + 17)  # > 3 chunks
    rec = _store(world, payload)
    assert rec.sha256 == hashlib.sha256(payload).hexdigest() and rec.size == len(payload)
    path = settings.RECORDING_ROOT / rec.file_path
    assert path.name == rec.sha256 and path.read_bytes() == payload
    call_command("recordings", "verify", "--region", "120110")
    assert "全部完好" in capsys.readouterr().out

    other = _store(world, b"second recording", name="b.mp4")
    os.chmod(path, 0o644)
    with open(path, "r+b") as f:  # one flipped byte in the middle
        f.seek(len(payload) // 2)
        b = f.read(1)
        f.seek(len(payload) // 2)
        f.write(bytes([b[0] ^ 1]))
    (settings.RECORDING_ROOT / other.file_path).unlink()
    with pytest.raises(CommandError):
        call_command("recordings", "verify")
    err = capsys.readouterr().err
    assert f"音像记录 {rec.pk}" in err and "篡改" in err
    assert f"音像记录 {other.pk}" in err and "缺失" in err


def test_recording_satisfies_the_118_rule_for_decision(world):
    rec = _store(world, b"video")
    facts = W.case_facts(rec.case, dt.date(2023, 5, 3))
    assert facts.recordings == 1
