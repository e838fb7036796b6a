"""HTML -> main text and metadata with trafilatura. Scripts and styles are dropped, never run."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.settings import set_date_params

from rasad.ingest.errors import UnsupportedInput
from rasad.ingest.text import Extracted

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

# trafilatura logs every page it finds thin at WARNING; that is our flag's job, not a log line.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


# trafilatura drops every character Python calls non-printable, including the zero-width
# non-joiner that Persian spelling needs ("کرده‌اند" is not "کردهاند") and the bidi marks. We swap
# them for printable stand-ins the page does not contain, and swap them back afterwards.
_FORMAT_MARKS = "\u200c\u200d\u200e\u200f\u061c"
_STAND_INS = [chr(c) for c in range(0x2400, 0x2427)]  # Unicode "control pictures": printable, rare


def _protect_marks(markup: str) -> tuple[str, dict[str, str]]:
    present = [m for m in _FORMAT_MARKS if m in markup]
    free = [c for c in _STAND_INS if c not in markup]
    swaps = dict(zip(present, free, strict=False))
    for mark, stand_in in swaps.items():
        markup = markup.replace(mark, stand_in)
    return markup, {stand_in: mark for mark, stand_in in swaps.items()}


def _restore_marks(value: object, swaps: dict[str, str]) -> object:
    if isinstance(value, str):
        for stand_in, mark in swaps.items():
            value = value.replace(stand_in, mark)
    return value


# trafilatura needs ~9 s per MB of markup (its metadata pass alone 17 s on a 5 MB page): above this
# size a page is read the plain way (all visible text, scripts dropped) so a huge page cannot stall
# ingest for minutes. Real article pages are far below it.
LARGE_HTML_CHARS = 1_000_000
_HEAD_END = re.compile(r"</head\s*>", re.I)
_INVISIBLE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head", "select")
_BLOCKS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "pre", "header", "footer", "aside", "nav", "table", "ul", "ol", "dl", "dt", "dd", "figcaption",
)  # fmt: skip


def _head_metadata(markup: str, url: str | None) -> dict[str, object]:
    """trafilatura's metadata from the page's <head> alone (cheap, and untouched by the body's size or depth)."""
    head_end = _HEAD_END.search(markup, 0, 512 * 1024)
    if not head_end:
        return {}
    head = lxml.html.document_fromstring(markup[: head_end.end()] + "<body></body></html>")
    found = extract_metadata(head, default_url=url)
    return found.as_dict() if found is not None else {}


def _extract_large(markup: str, url: str | None) -> Extracted:
    meta = _head_metadata(markup, url)
    parser = lxml.html.HTMLParser()
    tree = lxml.html.document_fromstring(markup, parser=parser)
    flags = ["converted:html", "extraction:large-html"]
    if _cut_at_depth(parser):
        text = _visible_text(markup)
        flags.append("extraction:deep-html")
    else:
        lxml.etree.strip_elements(tree, *_INVISIBLE, lxml.etree.Comment, with_tail=False)
        for element in tree.iter(*_BLOCKS):
            element.tail = "\n" + (element.tail or "")  # blocks end lines; text_content() would glue them
        lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
        text = "\n".join(line for line in lines if line)
    return Extracted(
        text=text,
        title=_clean(meta.get("title")),
        author=_clean(meta.get("author")),
        publisher=_clean(meta.get("sitename")),
        url=_clean(meta.get("url")) or url,
        published_at=_clean(meta.get("date")),
        flags=flags,
    )


# libxml2 (under lxml and trafilatura) stops building the tree 256 elements deep and drops everything
# below: a page nested 1,000 deep would lose its whole text. Past this depth the text comes from a
# streaming reader instead (Python's html.parser: no tree, no depth limit, no recursion).
LIBXML_MAX_DEPTH = 256


class _VisibleText(HTMLParser):
    """All text outside scripts, styles and other invisible elements, a line per block element, with
    the deepest nesting seen; one pass over the markup, memory proportional to the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = self.max_depth = 0
        self._hidden = 0  # open invisible elements

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - html.parser's signature
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        if tag == "body":
            self._hidden = 0  # a <head> left open hides nothing of the body
        elif tag in _INVISIBLE:
            self._hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)
        if tag in _INVISIBLE and self._hidden:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def _nested_too_deep(markup: str) -> bool:
    """True when libxml2 cut the page's tree at its depth limit (it logs a resource-limit error)."""
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return False
    return _cut_at_depth(parser)


def _cut_at_depth(parser: lxml.html.HTMLParser) -> bool:
    return any("excessive depth" in entry.message.lower() for entry in parser.error_log)


def _visible_text(markup: str) -> str:
    reader = _VisibleText()
    reader.feed(markup)
    reader.close()
    return reader.text()


def extract_html(markup: str, *, url: str | None = None) -> Extracted:
    # lxml refuses a str that still carries an XML encoding declaration: the bytes are decoded already.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if len(markup) > LARGE_HTML_CHARS:
        try:
            large = _extract_large(markup, url)
        except Exception as err:  # hostile or broken markup must end as a clear error, not a traceback
            raise UnsupportedInput(f"could not extract text from HTML: {type(err).__name__}: {err}") from err
        if not large.text:
            large.flags.append("no-text")
        return large
    markup, swaps = _protect_marks(markup)
    flags = ["converted:html"]
    try:
        doc = trafilatura.bare_extraction(
            markup,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            # Publication date from the page's metadata and markup only: the default "extensive"
            # search also takes a date from the article text ("On 3 January 2021 protesters...")
            # and would make an event date the anchor for every relative date.
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as err:  # hostile or broken markup must end as a clear error, not a traceback
        raise UnsupportedInput(f"could not extract text from HTML: {type(err).__name__}: {err}") from err
    meta = {k: _restore_marks(v, swaps) for k, v in (doc.as_dict() if doc is not None else {}).items()}
    text = (meta.get("text") or "").strip()
    if not text:
        # Short pages (a press release with a single paragraph) fall under trafilatura's main-text
        # threshold; its baseline keeps the visible text of <body> (still without scripts).
        try:
            _, text, _ = trafilatura.baseline(markup)
        except Exception as err:
            raise UnsupportedInput(f"could not extract text from HTML: {type(err).__name__}: {err}") from err
        text = str(_restore_marks(text or "", swaps)).strip()
        flags.append("extraction:baseline")
    if _nested_too_deep(markup):
        # Below libxml2's depth limit trafilatura saw nothing: all the visible text instead (boilerplate
        # included, so flagged), with the metadata trafilatura found above it.
        text = str(_restore_marks(_visible_text(markup), swaps))
        flags.append("extraction:deep-html")
        if not meta.get("title"):  # trafilatura gives no metadata when it finds no main text
            meta = {k: _restore_marks(v, swaps) for k, v in _head_metadata(markup, url).items()}
    if not text:
        flags.append("no-text")
    return Extracted(
        text=text.replace("\x00", ""),
        title=_clean(meta.get("title")),
        author=_clean(meta.get("author")),
        publisher=_clean(meta.get("sitename")),
        url=_clean(meta.get("url")) or url,
        published_at=_clean(meta.get("date")),
        flags=flags,
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
