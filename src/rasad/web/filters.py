"""Jinja2 filters and globals. None of them returns markup: autoescaping applies to all output."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import jinja2


def when(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str) and len(value) > 16 and value[10:11] == "T":
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") + (" UTC" if value.utcoffset() == dt.timedelta(0) else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def plain(value) -> str:
    """Any JSON-ish value as readable text (lists joined, mappings as "key: value"), never as markup."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')}: {plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(plain(v) for v in value)
    return str(value)


def percent(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%"


def number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def json_query(request) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    return urlencode(params + [("format", "json")])


def with_query(request, **changes) -> str:
    """The current URL's query string with some parameters replaced (None removes one)."""
    params = {k: v for k, v in request.query_params.multi_items() if k not in changes and k != "format"}
    params.update({k: v for k, v in changes.items() if v is not None})
    return urlencode(params)


def css_token(value) -> str:
    """A technique or type name as a CSS class suffix (letters, digits and dashes only)."""
    out = "".join(c if c.isalnum() else "-" for c in str(value or "").lower())
    return out.strip("-") or "none"


# Languages written right to left (ISO 639-1/3 codes the language guess can give).
RTL_LANGUAGES = frozenset({"fa", "ar", "ckb", "ku-arab", "ur", "ps", "he", "yi", "sd", "ug", "dv"})


def text_dir(language) -> str:
    """The ``dir`` attribute for a report's text: ``rtl`` for Persian and the other right-to-left
    languages, ``ltr`` for the others, ``auto`` (the browser looks at the first strong letter) when the
    language is unknown."""
    lang = str(language or "").strip().lower()
    if not lang:
        return "auto"
    return "rtl" if lang in RTL_LANGUAGES or lang.split("-")[0] in RTL_LANGUAGES else "ltr"


def title_parts(value) -> list[str]:
    """A derived title ("Attack · Meysam Veisi · دالاهو · 2026-05-27") as its parts, for the template
    to print each inside ``<bdi>``: a Persian place beside a date otherwise reorders the date."""
    return [part for part in str(value or "").split(" · ") if part] if value else []


def register(env: jinja2.Environment) -> None:
    env.filters.update(when=when, plain=plain, percent=percent, number=number, css_token=css_token,
                       text_dir=text_dir, title_parts=title_parts)
    env.globals.update(json_query=json_query, with_query=with_query)
