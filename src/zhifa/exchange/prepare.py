"""The part of loading a chunk that reads no database: parse, natural key, the writer's format checks, and the
canonical text and digest (set-based types, fastpath.py).

A large load runs it for the next chunks in a worker process while the loading process writes the current one:
on SQLite one process writes at a time, and parsing is a third of the CPU of a year of penalty decisions, so a
second core takes it off the writer's path. The worker is a fresh interpreter (``spawn``: no database
connection or thread is inherited) that sets Django up and never opens a connection. The records' results do
not depend on where they were prepared: the same functions run, and the loading process applies them in the
records' order (duplicate keys and rejections included).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from multiprocessing import get_context

from zhifa.core.processes import second_process_allowed, setup_spawned

from .fields import Bad

CHUNK = 1000  # records per transaction; each record has its own savepoint inside it
PARALLEL_FROM = 8  # chunks (an API batch is at most 5): a smaller load is over before a worker has started (~1 s)
AHEAD = 2  # chunks handed to the worker ahead of the one being written

PARSE_FAILED, CHECK_FAILED, READY = 0, 1, 2


def prepare_chunk(type_name: str, chunk: list, ignore_extra: bool) -> list[tuple]:
    """(row, key, stage, payload) per record: the Bad's (field, value, reason) when parsing or the check failed,
    else (values, digest, canonical text)."""
    from .loader import digest_text, parse_record, writer_for
    from .spec import BY_NAME

    rtype = BY_NAME[type_name]
    check = writer_for(rtype).check
    out = []
    for row, raw in chunk:
        key = ""
        try:
            values = parse_record(rtype, raw, ignore_extra=ignore_extra)
            key = rtype.key_of(values)
        except Bad as b:
            out.append((row, key, PARSE_FAILED, (b.field, b.value, b.reason)))
            continue
        try:
            check(values)
        except Bad as b:
            out.append((row, key, CHECK_FAILED, (b.field, b.value, b.reason)))
            continue
        out.append((row, key, READY, (values, *digest_text(rtype, values))))
    return out


def _worker_setup() -> None:
    from zhifa.core.collector import bulk_process

    setup_spawned()  # (no database: the worker never opens a connection)
    bulk_process()


def _ready() -> bool:
    return True


def chunks(
    records: Iterable, type_name: str, ignore_extra: bool, *, parallel: bool
) -> Iterator[tuple[list, list | None]]:
    """(chunk, its prepare_chunk result or None to prepare it in this process), in the records' order.

    With ``parallel``, a load of at least PARALLEL_FROM chunks starts a worker process. Until it is up (a fresh
    interpreter: about a second) the chunks are prepared here; then the next AHEAD chunks are with the worker
    while this process writes, and a chunk it has not finished when its turn comes is prepared here. At most
    PARALLEL_FROM + AHEAD chunks are read ahead, so memory stays flat in the number of records."""
    it = iter(records)
    pieces = iter(lambda: list(islice(it, CHUNK)), [])
    head = deque(islice(pieces, PARALLEL_FROM)) if parallel and second_process_allowed() else deque()
    if len(head) < PARALLEL_FROM:
        for piece in head:
            yield piece, None
        for piece in pieces:
            yield piece, None
        return

    def following():
        return head.popleft() if head else next(pieces, None)

    pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_worker_setup)
    try:
        ready = pool.submit(_ready)  # done once the worker has started
        lost = False  # the worker died: the rest is prepared here
        window: deque = deque()  # (chunk, future or None) taken ahead, in order
        while True:
            if window:
                piece, future = window.popleft()
            else:
                piece, future = following(), None
                if piece is None:
                    return
            if not lost and ready.done() and ready.exception() is None:  # keep AHEAD chunks with the worker
                while len(window) < AHEAD and (more := following()) is not None:
                    try:
                        window.append((more, pool.submit(prepare_chunk, type_name, more, ignore_extra)))
                    except BrokenProcessPool:
                        window.append((more, None))
                        lost = True
                        break
            # Never wait: a chunk the worker has not finished (or lost) is prepared here (its result is dropped),
            # so a load whose writes are lighter than its parsing (records sent again) is not slowed by the worker.
            if future is not None and not (future.done() and future.exception() is None):
                future.cancel()  # (if the worker has not taken it yet)
                future = None
            yield piece, None if future is None else future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
