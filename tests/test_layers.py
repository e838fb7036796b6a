"""Stages depend on the stages before them, never on those after: storage knows nothing of reading,
analysing, incidents or the log (the one road into the log, ``rasad.log.intake``, drives it)."""

from __future__ import annotations

import ast
from pathlib import Path

STORE = Path(__file__).resolve().parents[1] / "src" / "rasad" / "store"
LATER_STAGES = ("rasad.analysis", "rasad.ingest", "rasad.incidents", "rasad.log")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (``import x``, ``from x import y``,
    ``importlib.import_module("x")``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def test_nothing_in_store_imports_a_later_stage():
    files = sorted(STORE.rglob("*.py"))
    assert len(files) > 5  # the store package, its migrations included
    backwards = {
        f"{path.relative_to(STORE)}: {module}"
        for path in files
        for module in imported_modules(path)
        if any(module == stage or module.startswith(stage + ".") for stage in LATER_STAGES)
    }
    assert backwards == set()


def test_the_check_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from rasad.log.service import merge_pending\n    import rasad.analysis.pipeline\n")
    assert {"rasad.log.service", "rasad.analysis.pipeline"} <= imported_modules(sample)
