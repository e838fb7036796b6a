"""The folded copy of a report's text that search indexes (issue 18: Persian search).

Persian is written with letter variants that a reader takes as one word: Arabic or Persian yeh and kaf
(علي / علی, كشته / کشته), alef with or without hamza, a ZWNJ or nothing inside a word (می‌روند / میروند),
diacritics, tatweel, Persian or ASCII digits. Neither SQLite's unicode61 tokenizer nor PostgreSQL's text
search configurations fold them (unicode61 even splits a word at a ZWNJ or a diacritic). So the log
keeps, for a report whose text has Arabic-script letters, its text folded by
:func:`rasad.languages.fa.normalise.fold` in ``reports.search_text`` (the stored text itself is never
altered), the search indexes that, and the query is folded the same way. Reports without Arabic-script
letters keep ``search_text`` NULL: the index reads their text as before.

If ``fold`` changes, stored rows keep their old fold until a migration recomputes the column.
"""

from __future__ import annotations

import re

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def fold_search(text: str | None) -> str:
    """Text folded for search when it has Arabic-script letters; other text comes back unchanged."""
    if not text or not _ARABIC_SCRIPT.search(text):
        return text or ""
    from rasad.languages.fa.normalise import fold

    return fold(text)


def search_text_for(text: str | None) -> str | None:
    """The value of ``reports.search_text``: the folded text when the text has Arabic-script letters
    and folding changes it, else None."""
    folded = fold_search(text)
    return folded if text and folded != text else None
