"""docs/exchange.md lists every record type and field as the system declares them (exchange.spec)."""

from pathlib import Path

from zhifa.exchange.docs import BEGIN, END, record_types_markdown
from zhifa.exchange.spec import TYPES

DOC = Path(__file__).resolve().parents[2] / "docs" / "exchange.md"


def test_the_record_types_in_the_docs_are_the_declared_ones():
    text = DOC.read_text(encoding="utf-8")
    shown = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert shown == record_types_markdown(), "docs/exchange.md is stale: run python -m zhifa.exchange.docs docs/exchange.md"
    for t in TYPES:
        assert f"### {t.name}（`{t.slug}`）" in shown
        for f in t.fields:
            assert f"`{f.key}`" in shown
