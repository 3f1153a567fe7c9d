"""音像记录 storage (执法全过程记录, 《行政处罚法》第四十七条; 国办发〔2018〕118号 第三部分).

Files are stored content-addressed under ``settings.RECORDING_ROOT`` as ``ab/cd/<sha256>``; the SHA-256
is computed while the upload streams to disk in chunks (no file is ever read whole into memory), so a
stored file's name is its fingerprint and ``verify`` can prove it unaltered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize

from .models import Recording

CHUNK = 1 << 20  # 1 MiB


def _root() -> Path:
    return Path(settings.RECORDING_ROOT)


def path_for(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sha256_of(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def store_stream(stream: BinaryIO) -> tuple[str, str, int]:
    """Copy ``stream`` to the content-addressed store in 1 MiB chunks, hashing as it goes.

    Returns (relative path, SHA-256, size). The whole file is never held in memory; an empty file is refused.
    """
    root = _root()
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    h, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=root / "tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            while block := stream.read(CHUNK):
                h.update(block)
                out.write(block)
                size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise InvalidInput("上传的文件为空", field="file", code="recording.empty")
        digest = h.hexdigest()
        rel = path_for(digest)
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            os.unlink(tmp)  # same content already stored: content addressing dedupes
        else:
            os.replace(tmp, dest)
            os.chmod(dest, 0o444)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return rel, digest, size


@transaction.atomic
def recording_store(
    *,
    actor,
    unit,
    officer,
    stream: BinaryIO,
    original_name: str,
    device_name: str,
    recorded_at: dt.datetime,
    case=None,
    inspection=None,
    measure=None,
    execution=None,
) -> Recording:
    authorize(actor, "recording.store", unit=unit)
    if case is None and inspection is None and measure is None and execution is None:
        raise InvalidInput("音像记录应当关联案件、检查或行政强制", field="case", code="recording.subject")
    for o in (case, inspection, measure, execution, officer):
        if o is not None and o.region_id != unit.region_id:
            raise InvalidInput(f"“{o}”不属于本行政区划", field="case", code="region.mismatch")
    rel, digest, size = store_stream(stream)
    rec = Recording.objects.create(
        region_id=unit.region_id,
        unit=unit,
        case=case,
        inspection=inspection,
        measure=measure,
        execution=execution,
        officer=officer,
        device_name=device_name,
        recorded_at=recorded_at if timezone.is_aware(recorded_at) else timezone.make_aware(recorded_at),
        file_path=rel,
        original_name=original_name[:200],
        size=size,
        sha256=digest,
    )
    audit(actor=actor, action="recording.store", obj=rec, after=snapshot(rec))
    return rec


@dataclass
class Problem:
    recording_id: int
    file_path: str
    kind: str  # missing | altered
    detail: str

    def __str__(self) -> str:
        return f"音像记录 {self.recording_id} [{self.file_path}] {'文件缺失' if self.kind == 'missing' else '文件被篡改'}：{self.detail}"


def recordings_verify(region_code: str | None = None):
    """Yield a Problem for every recording whose file is missing or whose SHA-256/size no longer match."""
    root = _root()
    qs = Recording.objects.order_by("id")
    if region_code:
        qs = qs.filter(region_id=region_code)
    for rec_id, rel, expected, size in qs.values_list("id", "file_path", "sha256", "size").iterator(chunk_size=2000):
        path = root / rel
        if not path.is_file():
            yield Problem(rec_id, rel, "missing", "存储路径下没有文件")
            continue
        digest, actual = sha256_of(path)
        if digest != expected or actual != size:
            yield Problem(
                rec_id, rel, "altered", f"登记 SHA-256 {expected[:16]}…/{size}字节，实际 {digest[:16]}…/{actual}字节"
            )
