"""The folded copy of a report's text that search indexes (issue 18: Persian search).

Persian is written with letter variants that a reader takes as one word: Arabic or Persian yeh and kaf
(علي / علی, كشته / کشته), alef with or without hamza, a ZWNJ or nothing inside a word (می‌روند / میروند),
diacritics, tatweel. Neither SQLite's unicode61 tokenizer nor PostgreSQL's 'simple'/'english'
configurations fold them (unicode61 even splits a word at a ZWNJ or a diacritic). So the log keeps, for a
report whose text has such letters, a folded copy in ``reports.search_text`` (the stored text itself is
never altered), the search indexes it, and the query is folded the same way. Reports without
Arabic-script letters keep ``search_text`` NULL: the index reads their text as before.

The letter table is :data:`rasad.log.names._FA_FOLD` (code points, not words), shared with name
matching. Changing it means recomputing the column (a migration), because stored rows keep their fold.
"""

from __future__ import annotations

import re
import unicodedata

from rasad.log.names import _FA_FOLD, _FA_MARKS

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_PRESENTATION = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
# Persian and Arabic-Indic digits as ASCII, so ۱۴۰۱ finds 1401 and the reverse.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def fold_search(text: str | None) -> str:
    """Any text folded for search: Arabic-script letter variants, ZWNJ (a word joiner: removed),
    diacritics and tatweel, presentation forms, Persian digits. Latin text comes back unchanged."""
    if not text or not _ARABIC_SCRIPT.search(text):
        return text or ""
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return _FA_MARKS.sub("", text).translate(_FA_FOLD).translate(_DIGITS)


def search_text_for(text: str | None) -> str | None:
    """The value of ``reports.search_text``: the folded text when folding changes it, else None."""
    folded = fold_search(text)
    return folded if text and folded != text else None
