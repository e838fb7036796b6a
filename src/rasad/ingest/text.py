"""Plain text and Markdown -> text, title."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
from markdown_it import MarkdownIt
from markdown_it.token import Token

TITLE_MAX_CHARS = 200


@dataclass
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: str | None = None
    flags: list[str] = field(default_factory=list)


def first_line_title(text: str) -> str | None:
    """The first non-empty line, trimmed, when it is short enough to be a headline."""
    # Look only at the head: a 50 MB file with no newline must not be scanned twice.
    for line in text[: 4 * TITLE_MAX_CHARS].splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_MAX_CHARS else None
    return None


def extract_plain(text: str) -> Extracted:
    return Extracted(text=text, title=first_line_title(text))


_MARKDOWN = MarkdownIt("commonmark").enable("table")

# Blocks whose end starts a new paragraph in the plain text.
_BLOCK_CLOSE = {"paragraph_close", "heading_close", "tr_close", "fence", "code_block", "html_block", "hr"}


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append("".join(c.content for c in child.children or []))  # alt text
        # html_inline is markup, link_open/close carry no text: dropped.
    return "".join(parts)


def _html_block_text(html: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # malformed markup inside Markdown: keep nothing rather than crash
        return ""
    for bad in root.xpath(".//script|.//style|.//template"):
        bad.drop_tree()
    return root.text_content().strip()


def extract_markdown(source: str) -> Extracted:
    """Markdown -> plain text: one paragraph per block, markup dropped, code kept verbatim."""
    blocks: list[str] = []
    row: list[str] = []
    title: str | None = None
    in_heading = False
    for token in _MARKDOWN.parse(source):
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "inline":
            text = _inline_text(token)
            if in_heading and title is None and text.strip():
                title = text.strip()
            row.append(text)
        elif token.type in ("th_close", "td_close"):
            row.append("\t")
        elif token.type in ("fence", "code_block"):
            row.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            row.append(_html_block_text(token.content))
        if token.type == "heading_close":
            in_heading = False
        if token.type in _BLOCK_CLOSE:
            block = "".join(row).strip()
            if block:
                blocks.append(block)
            row = []
    text = "\n\n".join(blocks)
    return Extracted(text=text, title=title or first_line_title(text), flags=["converted:markdown"])
