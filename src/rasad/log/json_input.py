"""JSON from files a user imports, parsed so that hostile nesting is a clear error: Python's parser
raises RecursionError (not a ValueError) near 1,000 levels, and a document just under that depth makes
every later json.dumps or walk of it fail the same way. Real records are a few levels deep."""

from __future__ import annotations

import json
from typing import IO, Any

MAX_JSON_DEPTH = 64


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:  # iterative: the check itself must not recurse
        node, level = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                return level
            stack.extend((child, level + 1) for child in node)
    return deepest


def loads(text: str | bytes) -> Any:
    """``json.loads``, with nesting deeper than MAX_JSON_DEPTH raised as a JSONDecodeError (a ValueError)."""
    try:
        value = json.loads(text)
    except RecursionError:
        value = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = _depth(value)
    if depth > MAX_JSON_DEPTH:
        doc = text if isinstance(text, str) else text.decode("utf-8", "replace")
        raise json.JSONDecodeError(f"nested more than {MAX_JSON_DEPTH} levels deep", doc[:100], 0)
    return value


def load(file: IO[str]) -> Any:
    return loads(file.read())
