"""The source tree keeps the shape the architecture promises (issue 11), so that it stays true:

- no Python file under src/ is longer than 800 lines;
- no ``except ImportError`` (or ModuleNotFoundError) under src/zhifa: the product imports its own modules,
  and a broken one fails loudly instead of showing "服务尚未上线" or zeros;
- no sample district or demo accounts inside the staff workspace package (src/zhifa/web): test data
  lives under tests/ (tests/support/sample.py), the demo district in zhifa.demo.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "zhifa"
MAX_LINES = 800
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}
# Building accounts or a sample district: none of this belongs in the web package.
ACCOUNT_CODE = re.compile(
    r"\b(build_sample|SAMPLE_PASSWORD|create_superuser|make_password|set_password)\b|is_superuser\s*=(?!=)"
)


def _py_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


def test_the_source_tree_is_found():
    # Guards the checks below against passing on an empty tree.
    assert len(_py_files(PACKAGE)) > 50 and (PACKAGE / "web").is_dir()


def test_no_python_file_under_src_is_longer_than_800_lines():
    too_long = {}
    for p in _py_files(SRC):
        n = len(p.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            too_long[_rel(p)] = n
    assert not too_long, f"files over {MAX_LINES} lines: {too_long}"


def _caught_names(node: ast.expr | None) -> set[str]:
    if node is None:  # a bare except also swallows an ImportError
        return {"<bare except>"}
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    names = set()
    for item in items:
        if isinstance(item, ast.Name):
            names.add(item.id)
        elif isinstance(item, ast.Attribute):
            names.add(item.attr)
    return names


def import_guards(source: str) -> list[int]:
    """Line numbers of handlers that catch ImportError / ModuleNotFoundError, or everything (bare except)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler):
            caught = _caught_names(node.type)
            if caught & (IMPORT_ERRORS | {"<bare except>"}):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    "source, found",
    [
        ("try:\n    import x\nexcept ImportError:\n    x = None\n", [3]),
        ("try:\n    import x\nexcept (ValueError, ModuleNotFoundError):\n    pass\n", [3]),
        ("try:\n    import x\nexcept builtins.ImportError:\n    pass\n", [3]),
        ("try:\n    f()\nexcept:\n    pass\n", [3]),
        ("try:\n    f()\nexcept ValueError:\n    pass\n", []),
    ],
)
def test_import_guard_detection(source, found):
    assert import_guards(source) == found


def test_no_import_guards_under_src_zhifa():
    guarded = {}
    for p in _py_files(PACKAGE):
        lines = import_guards(p.read_text(encoding="utf-8"))
        if lines:
            guarded[_rel(p)] = lines
    assert not guarded, f"except ImportError / bare except in: {guarded}"


def test_no_sample_or_demo_account_code_in_the_web_package():
    web = PACKAGE / "web"
    named = [_rel(p) for p in _py_files(web) if re.search(r"sample|demo|fixture", p.stem)]
    assert not named, f"sample/demo modules inside src/zhifa/web: {named}"
    found = {}
    for p in _py_files(web):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if ACCOUNT_CODE.search(line):
                found.setdefault(_rel(p), []).append(n)
    assert not found, f"account or sample-building code inside src/zhifa/web: {found}"
