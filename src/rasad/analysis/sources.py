"""The source registry and publisher recognition (part 3, source criticism).

``load_registry()`` reads the starter registry ``src/rasad/data/sources.yaml`` into
:class:`~rasad.records.Source` records (the editable, database-backed registry is seeded from it).
``recognise_publisher(report_meta, text, url)`` says who published a report, trying in order:

1. metadata: the report's ``publisher`` field equals a source's name or alias;
2. the URL's host (and path, for sections such as bbc.com/persian) matches a registered domain;
3. self-mention, only when no metadata names a publisher: the text promotes an organisation the way
   its own outlets do - the same lead opening two or more lines with the organisation's name and a
   colon ("(NCRI) and (PMOI / MEK Iran): ..." on every item), a byline/copyright line ("By X", "© X"),
   or a bracket holding several of its names repeated three or more times ("(PMOI / MEK Iran)": keyword
   stuffing for search engines), together with at least three mentions in all. What ordinary reporting
   does with a name is not evidence: one title "MEK: the group critics call a cult", "Source: NCRI",
   an acronym in brackets ("the agency (IRNA) said") however often.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from rasad.config import DATA_DIR
from rasad.records import Source

REGISTRY_PATH = DATA_DIR / "sources.yaml"
MIN_SELF_MENTIONS = 3  # fewer mentions than this is reporting *about* an organisation, not by it


def load_registry(path: Path | None = None) -> list[Source]:
    """All sources of the starter registry, validated. Raises ValueError on a malformed file
    (duplicate ids, unknown affiliation ...) so a bad edit is caught at once."""
    path = path or REGISTRY_PATH
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sources = [Source.model_validate(entry) for entry in data.get("sources") or []]
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise ValueError(f"{path}: duplicate source id {source.id!r}")
        seen.add(source.id)
    return sources


@functools.lru_cache(maxsize=1)
def _registry() -> tuple[Source, ...]:
    return tuple(load_registry())


def source_by_id(source_id: str, registry: list[Source] | None = None) -> Source | None:
    for source in registry if registry is not None else _registry():
        if source.id == source_id:
            return source
    return None


def _norm(name: str) -> str:
    # curly apostrophes and case vary between outlets; compare names without them
    return re.sub(r"\s+", " ", name.replace("\u2019", "'").replace("\u2018", "'")).strip().casefold()


def _names(source: Source) -> list[str]:
    return [source.name, *source.aliases]


def match_name(name: str | None, registry: list[Source] | None = None) -> Source | None:
    """The source whose name or alias equals ``name`` (case- and apostrophe-insensitive)."""
    if not name or not name.strip():
        return None
    wanted = _norm(name)
    for source in registry if registry is not None else _registry():
        if any(_norm(n) == wanted for n in _names(source)) or source.id == wanted:
            return source
    return None


def match_url(url: str | None, registry: list[Source] | None = None) -> Source | None:
    """The source whose registered domain matches the URL's host (subdomains included); a domain
    with a path (``bbc.com/persian``) matches only under that path and wins over the bare domain."""
    if not url or not isinstance(url, str) or len(url) > 4096:
        return None
    try:
        parts = urlsplit(url.strip() if "://" in url else "http://" + url.strip())
        host = (parts.hostname or "").rstrip(".").lower()
        path = parts.path or "/"
    except ValueError:  # hostile or malformed URL: no recognition, no crash
        return None
    if not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    best: tuple[int, Source] | None = None
    for source in registry if registry is not None else _registry():
        for domain in source.domains:
            d_host, _, d_path = domain.lower().partition("/")
            if host != d_host and not host.endswith("." + d_host):
                continue
            here = path.lower().lstrip("/")
            if d_path and not (here == d_path.rstrip("/") or here.startswith(d_path.rstrip("/") + "/")):
                continue  # "bbc.com/persian" covers /persian and /persian/..., not /persianfoo
            specificity = len(domain)
            if best is None or specificity > best[0]:
                best = (specificity, source)
    return best[1] if best else None


def _mention_pattern(name: str) -> re.Pattern[str]:
    # apostrophes vary (’ vs '), whitespace varies; names are matched case-sensitively because
    # short aliases ("AP", "MEK") are common words or parts of words in lower case
    parts = [re.escape(p) for p in re.split(r"\s+", name.replace("\u2019", "'").strip())]
    body = r"\s+".join(parts).replace("'", "['\u2019]")
    return re.compile(rf"(?<![\w]){body}(?![\w])")


@functools.lru_cache(maxsize=512)
def _pattern_cached(name: str) -> re.Pattern[str]:
    return _mention_pattern(name)


def mention_counts(text: str, registry: list[Source] | None = None) -> Counter[str]:
    """How often each source is named in the text (by name or alias; overlapping aliases of one
    source, e.g. "PMOI" inside "PMOI / MEK", count once)."""
    counts: Counter[str] = Counter()
    for source in registry if registry is not None else _registry():
        spans: set[tuple[int, int]] = set()
        for name in sorted(_names(source), key=len, reverse=True):
            if len(name) < 2:
                continue
            for m in _pattern_cached(name).finditer(text):
                if not any(s <= m.start() and m.end() <= e for s, e in spans):
                    spans.add((m.start(), m.end()))
        if spans:
            counts[source.id] = len(spans)
    return counts


_HEADLINE_LEAD = re.compile(r"^[ \t]*([^\n:]{2,80}):[ \t]", re.MULTILINE)
# "By X", "© X", "Copyright X", "Published by X" — not "Source: X", which cites someone else
_BYLINE = re.compile(r"^[ \t]*(?:by|©|copyright|published by)\b[ \t:]*([^\n]{2,80})$", re.MULTILINE | re.IGNORECASE)
_PAREN_GROUP = re.compile(r"\(([^()\n]{2,60})\)")
_HEADINGS_NEEDED = 2  # one "MEK: the exiled group ..." title is a topic; a lead repeated on every item is a house style


def self_mentions(text: str, registry: list[Source] | None = None) -> dict[str, list[str]]:
    """Evidence, per source id, that the text speaks *as* the organisation (see module doc)."""
    registry = list(registry if registry is not None else _registry())
    evidence: dict[str, list[str]] = {}

    def names_in(fragment: str) -> list[Source]:
        return [s for s in registry if any(len(n) >= 2 and _pattern_cached(n).search(fragment) for n in _names(s))]

    leads = Counter(" ".join(m.group(1).split()) for m in _HEADLINE_LEAD.finditer(text))
    for lead, n in leads.items():
        if n < _HEADINGS_NEEDED:
            continue
        for source in names_in(lead):
            evidence.setdefault(source.id, []).append(f"{n} lines open with {lead!r}:")
    for m in _BYLINE.finditer(text):
        for source in names_in(m.group(1)):
            evidence.setdefault(source.id, []).append(f"byline {m.group(0).strip()!r}")
    groups = Counter(g.strip() for g in _PAREN_GROUP.findall(text))
    for group, n in groups.items():
        # keyword stuffing puts several names of one organisation in one bracket ("(PMOI / MEK Iran)"); a
        # bracketed acronym alone is how any report cites or introduces a name ("IRNA said (IRNA)")
        if n < 3 or not re.search(r"[/|,]|\band\b", group):
            continue
        for source in names_in(group):
            evidence.setdefault(source.id, []).append(f"'({group})' repeated {n} times")
    return evidence


def recognise_publisher(report_meta: dict | None, text: str, url: str | None = None) -> Source | None:
    """The registered source that published this report, or None when nothing says so."""
    found = recognise_publisher_with_evidence(report_meta, text, url)
    return found[0] if found else None


def recognise_publisher_with_evidence(
    report_meta: dict | None, text: str, url: str | None = None, registry: list[Source] | None = None
) -> tuple[Source, str] | None:
    """Like :func:`recognise_publisher`, also saying how the publisher was recognised."""
    meta = report_meta or {}
    registry = list(registry if registry is not None else _registry())
    publisher = meta.get("publisher")
    if isinstance(publisher, str):
        source = match_name(publisher, registry)
        if source:
            return source, f"metadata: publisher {publisher!r}"
    for candidate in (url, meta.get("url")):
        source = match_url(candidate, registry) if isinstance(candidate, str) else None
        if source:
            return source, f"URL domain of {candidate[:200]!r}"
    if not text:
        return None
    if isinstance(publisher, str) and publisher.strip():
        return None  # the page names its publisher, one we do not know: no guessing from what it mentions
    evidence = self_mentions(text, registry)
    if not evidence:
        return None
    counts = mention_counts(text, registry)
    ranked = sorted(
        (sid for sid in evidence if counts.get(sid, 0) >= MIN_SELF_MENTIONS),
        key=lambda sid: (-counts[sid], sid),
    )
    if not ranked:
        return None
    best = source_by_id(ranked[0], registry)
    if best is None:
        return None
    group = [sid for sid in ranked if (s := source_by_id(sid, registry)) and s.independence_group == best.independence_group]
    detail = "; ".join(dict.fromkeys(evidence[ranked[0]]))  # each kind of evidence once
    return best, f"self-mention: named {counts[best.id]} times ({detail}); same group: {', '.join(group)}"
