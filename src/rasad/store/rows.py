"""Rows as dicts, generically (sqlite-utils' habit: ``dict(zip(columns, row))``, never field by field)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, inspect


def row_dict(row: Any, columns: Iterable[str] | None = None) -> dict[str, Any]:
    """``row`` as {column: value}: an ORM object's mapped columns (or the named ``columns``, in that
    order), or a Core result row's own columns. A JSON column whose default is an empty list or
    mapping reads as that empty value when it holds NULL, so callers never write ``x or []``."""
    if hasattr(row, "_mapping"):  # a Core row: select(SomeRow.a, SomeRow.b)
        return dict(row._mapping) if columns is None else {name: row._mapping[name] for name in columns}
    table = inspect(type(row)).columns
    names = [c.key for c in table] if columns is None else list(columns)
    out = {}
    for name in names:
        value = getattr(row, name)
        if value is None and name in table:
            value = _empty_default(table[name])
        out[name] = value
    return out


def _empty_default(column: Any) -> Any:
    default = column.default
    if isinstance(column.type, JSON) and default is not None and default.is_callable:
        return default.arg(None)  # list / dict: the callable SQLAlchemy wraps to take an execution context
    return None
