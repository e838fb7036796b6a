"""The analysis pipeline: spaCy's small English model plus Rasad's own components.

Each of our components is a spaCy pipeline component (``@Language.factory``) that reads the
Doc and writes typed records to a Doc extension (``doc._.quotes`` ...), so ``nlp.pipe``
batches them. :func:`analyze` turns one :class:`~rasad.records.Report` into an
:class:`~rasad.records.Analysis`.

Long texts are cut at paragraph boundaries into chunks that spaCy handles in bounded memory;
records are shifted back to offsets in the full text.

Each report is analysed by the pipeline of its language (:func:`load_nlp`): English by the spaCy model
above, Persian by ``spacy.blank("fa")`` (spaCy's Persian tokenizer rules and lexical attributes, no model)
with a sentencizer, and the same components, each of which picks its language's part
(``rasad.languages``). A Persian report's Docs hold the normalised view of its text
(``rasad.languages.fa.normalise``); every record's offsets are mapped back to the stored text.
"""

from __future__ import annotations

import functools
import importlib
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from rasad.analysis.doc_text import doc_text, drop_text, keep_text
from rasad.config import get_settings
from rasad.models import analysis_threads
from rasad.records import Analysis, Report, Sentence
# One flag for a report's analysis stopped at its time budget, by this pipeline or by killing the analysis
# worker: the worker defines it (it must not import spaCy).
from rasad.analysis.worker import BUDGET_FLAG as ANALYSIS_BUDGET_FLAG

from rasad.analysis.version import MODEL_META, MODEL_PACKAGE, pipeline_version  # noqa: F401 - re-exported

# Our components, in pipeline order: (factory name, module that registers it).
COMPONENTS: list[tuple[str, str]] = [
    ("rasad_canon", "rasad.analysis.canon"),
    ("rasad_when", "rasad.analysis.when"),
    ("rasad_where", "rasad.analysis.where"),
    ("rasad_quotes", "rasad.analysis.quotes"),
    ("rasad_claims", "rasad.analysis.claims"),
    ("rasad_framing", "rasad.analysis.framing"),
    ("rasad_incidents", "rasad.incidents.extract"),
]

# Doc extensions our components read and write. Each holds a list of records (or a value).
DOC_EXTENSIONS: dict[str, Any] = {
    "published_at": None,  # ISO string, set before the pipeline runs (anchor for dates)
    "report_meta": None,  # dict: title, publisher, url ... of the report being analysed
    "entities": None,
    "actors": None,  # dict actor id -> Actor
    "quotes": None,
    "claims": None,
    "dates": None,
    "places": None,
    "framing": None,
    "incidents": None,
}

# The framing tagger reads only the text: its spans are started on a thread of their own when the Doc is made
# (FramingTagger.prefetch), so its onnxruntime run overlaps spaCy's parse (docs/framing.md, "Timings"). Only in a
# process given two CPUs or more: with one, the overlap would only share it.
OVERLAP_FRAMING = True
CHUNK_CHARS = 100_000  # spaCy's memory grows with doc length; our components are per-sentence
BATCH_CHARS = 200_000  # characters parsed together at most (many small reports, or two chunks of a long one)


class ModelMismatch(RuntimeError):
    pass


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def load_base_model() -> Language:
    """Load the bare spaCy model and check that it is the one we pinned."""
    nlp = spacy.load(MODEL_PACKAGE)
    got = {k: nlp.meta.get(k) for k in MODEL_META}
    if got != MODEL_META:
        raise ModelMismatch(f"spaCy model {MODEL_PACKAGE} has meta {got}, expected {MODEL_META}")
    return nlp


@Language.component("rasad_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line always starts a sentence. spaCy's parser runs a headline without a full stop into the
    first sentence of the paragraph below it ("Authorities must end the crackdown\n\nSecurity forces
    killed 12 protesters ..."), so the headline's "must" governed the killing and hid it. Set before the
    parser, which keeps boundaries already set; single line breaks (hard-wrapped text) are left to it."""
    previous = None
    for token in doc:  # each token made once (doc[i - 1] made every token a second time)
        if previous is not None and not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
        previous = token
    return doc


# Languages analysed (Report.language); any other supported report is read as English, as before.
LANGUAGES = ("en", "fa")
# Sentence-final punctuation of Persian text (the Arabic question mark, the Urdu-style full stop some
# keyboards give); blank lines start sentences too (rasad_paragraphs).
FA_SENTENCE_PUNCT = [".", "!", "?", "\u061f", "\u06d4"]


_LINE_END = re.compile(r"[.!?\u061f\u06d4:\u00bb\"')\]]\s*$")


def _hard_wrapped(text: str) -> bool:
    """Whether line breaks look like a PDF's or an e-mail's hard wrapping (most lines of similar length,
    ending mid-sentence) rather than the one-paragraph-per-line text our HTML extraction gives."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 5:
        return False
    open_ended = sum(not _LINE_END.search(line) for line in lines)
    lengths = sorted(len(line) for line in lines)
    return open_ended >= 0.6 * len(lines) and 30 <= lengths[len(lengths) // 2] <= 120


@Language.component("rasad_fa_lines")
def persian_lines(doc: Doc) -> Doc:
    """Sentence starts of a Persian Doc beyond the sentencizer's punctuation: whitespace never starts a
    sentence (the word after it does), and a line break starts one (a headline has no full stop) unless
    the text is hard-wrapped."""
    text = doc_text(doc)
    lines = "\n" in text and not _hard_wrapped(text)
    for token in doc[1:]:
        if token.is_space:
            if token.is_sent_start and token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
            token.is_sent_start = False
            if lines and "\n" in token.text and token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
        elif lines and "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    _open_brackets_start(doc)
    return doc


# An opening bracket or guillemet set off after a full stop opens the next sentence: the sentencizer keeps
# every punctuation token after a stop with the sentence it closes, so "... بازداشت شد. (عکس: آرشیو)" left
# "(" at the end of the report's sentence, which then no longer ended in its verb and read as a fragment.
_OPENERS = frozenset("(«[")


def _open_brackets_start(doc: Doc) -> None:
    for token in doc[1:-1]:
        before = doc[token.i - 1]
        if token.text in _OPENERS and before.whitespace_ and before.text in FA_SENTENCE_PUNCT:
            token.is_sent_start = True
            doc[token.i + 1].is_sent_start = False


def _persian_base() -> Language:
    """spaCy's Persian language class (tokenizer rules, lexical attributes: no model to download) with a
    sentencizer that knows Persian punctuation, then blank-line sentence starts."""
    nlp = spacy.blank("fa")
    # Persian text often runs punctuation into words with no space ("گفت:«ما", "(ایرنا)-"): split guillemets,
    # brackets, colons and dashes off as spaCy's English rules do with spaces around them.
    infixes = [*nlp.Defaults.infixes, r"[«»()\[\]{}]", r"(?<=[^\W\d_])[:\-\u2013\u2014\u060c\u061b](?=\S)",
               r"(?<=\S)[:\-\u2013\u2014](?=[^\W\d_])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, r"[\-\u2013\u2014:]"]).search
    nlp.tokenizer.prefix_search = compile_prefix_regex([*nlp.Defaults.prefixes, r"[\-\u2013\u2014]"]).search
    # A word's NORM is its fold (rasad.languages.fa.normalise): matchers on NORM find a word whatever its
    # alef, hamza or ZWNJ form. Computed once per word, when the vocabulary first meets it.
    from rasad.languages.fa.normalise import fold

    nlp.vocab.lex_attr_getters[NORM] = lambda text: fold(text) or text
    nlp.add_pipe("sentencizer", config={"punct_chars": FA_SENTENCE_PUNCT})
    nlp.add_pipe("rasad_fa_lines")
    nlp.add_pipe("rasad_paragraphs")
    return nlp


@functools.lru_cache(maxsize=8)
def load_nlp(lang: str = "en", exclude: tuple[str, ...] = ()) -> Language:
    """The full pipeline of a language (cached per process). ``exclude`` drops some of our components."""
    register_extensions()
    if lang == "en":
        nlp = load_base_model()
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("rasad_paragraphs", before="parser")
            if "rasad_reparse" not in exclude:
                # two attachment slips of the parser mended before anything reads the parse (analysis/reparse.py)
                importlib.import_module("rasad.analysis.reparse")
                nlp.add_pipe("rasad_reparse", last=True)
    elif lang == "fa":
        nlp = _persian_base()
    else:
        raise ValueError(f"no analysis pipeline for language {lang!r}")
    for factory, module in COMPONENTS:
        if factory in exclude:
            continue
        importlib.import_module(module)  # registers the factory
        nlp.add_pipe(factory, name=factory, last=True)
    return nlp


def _chunks(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """Cut text into pieces of at most ``size`` chars (default CHUNK_CHARS, read at call time), preferably
    at blank lines. The whitespace at a cut starts no piece: a piece opening with a blank line would parse
    it as a sentence of its own."""
    size = size or CHUNK_CHARS
    pos = 0
    n = len(text)
    while pos < n:
        if n - pos <= size:
            yield pos, text[pos:]
            return
        cut = text.rfind("\n\n", pos + size // 2, pos + size)
        if cut == -1:
            cut = text.rfind("\n", pos + size // 2, pos + size)
        if cut == -1:
            cut = text.rfind(". ", pos + size // 2, pos + size)
            cut = cut + 1 if cut != -1 else pos + size
        yield pos, text[pos:cut]
        pos = cut
        while pos < n and text[pos].isspace():
            pos += 1


_OFFSET_FIELDS = ("start", "end")


class _Remap:
    """Offsets of a chunk Doc -> offsets in the stored text: the chunk's offset in the analysed text,
    then, for a normalised view, its offset map (a start and an end map differently where the view
    dropped or expanded characters)."""

    __slots__ = ("offset", "omap", "source")

    def __init__(self, offset: int, omap: Any = None, source: str | None = None) -> None:
        self.offset = offset
        self.omap = None if omap is None or omap.identity else omap
        # The stored text, for a view that differs from it: a record's ``text`` (the words at its
        # start..end) is then taken from the stored text, as the reader sees them.
        self.source = source

    @property
    def noop(self) -> bool:
        return self.offset == 0 and self.omap is None and self.source is None

    def start(self, pos: int) -> int:
        return pos + self.offset if self.omap is None else self.omap.start(pos + self.offset)

    def end(self, pos: int) -> int:
        return pos + self.offset if self.omap is None else self.omap.end(pos + self.offset)

    def field(self, key: str, value: int) -> int:
        return self.end(value) if key.endswith("end") else self.start(value)


def _remap(record: Any, remap: _Remap) -> Any:
    """A copy of a record (pydantic model or dict) with every *start/*end offset remapped."""
    if remap.noop:
        return record
    if isinstance(record, dict):
        out = {}
        for key, value in record.items():
            if isinstance(value, int) and key.endswith(_OFFSET_FIELDS) and not isinstance(value, bool):
                out[key] = remap.field(key, value)
            elif isinstance(value, (dict, list)):
                out[key] = _remap(value, remap)
            else:
                out[key] = value
        if remap.source is not None and isinstance(out.get("text"), str) and isinstance(out.get("start"), int) \
                and isinstance(out.get("end"), int) and not isinstance(out.get("start"), bool):
            out["text"] = remap.source[out["start"] : out["end"]]
        return out
    if isinstance(record, list):
        return [_remap(r, remap) for r in record]
    if hasattr(record, "model_dump"):
        data = _remap(record.model_dump(), remap)
        return type(record).model_validate(data)
    return record


def _shift(record: Any, offset: int) -> Any:
    """A copy of a record (pydantic model or dict) with every *start/*end offset moved."""
    return _remap(record, _Remap(offset))


def _context(report: Report) -> dict[str, Any]:
    return {
        "published_at": report.published_at,
        "report_meta": {
            "title": report.title,
            "publisher": report.publisher,
            "url": report.url,
            "author": report.author,
        },
    }


def _char_batches(docs: Iterator[Doc], max_docs: int, max_chars: int) -> Iterator[list[Doc]]:
    """Batches of at most ``max_docs`` docs and (beyond the first doc) ``max_chars`` characters, all of
    one language (a batch goes through one language's pipeline)."""
    batch: list[Doc] = []
    chars = 0
    for doc in docs:
        if batch and (len(batch) >= max_docs or chars + len(doc_text(doc)) > max_chars or doc.lang_ != batch[0].lang_):
            yield batch
            batch, chars = [], 0
        batch.append(doc)
        chars += len(doc_text(doc))
    if batch:
        yield batch


def _set_context(doc: Doc, ctx: dict[str, Any]) -> None:
    doc._.published_at = ctx["published_at"]
    doc._.report_meta = ctx["report_meta"]


def _empty_analysis(report: Report) -> Analysis:
    return Analysis(pipeline_version=pipeline_version(), report=report)


def _unanalysed(report: Report) -> Analysis:
    """A report with nothing to analyse (blank, or a language we do not analyse): empty, with its
    (empty) profile, so every analysis carries one."""
    analysis = _empty_analysis(report)
    _finish(analysis)
    return analysis


def _start_analysis(report: Report, limit: int | None) -> Analysis:
    analysis = _empty_analysis(report)
    if limit is not None and len(report.text) > limit:
        analysis.flags.append(f"analysis-truncated:{limit}")  # before the profile, which reads it
    return analysis


class _Pending:
    """A report handed to spaCy: how many of its chunks, and where its analysis was cut for time."""

    __slots__ = ("chunks", "cut_at", "report")

    def __init__(self, report: Report, chunks: int) -> None:
        self.report, self.chunks, self.cut_at = report, chunks, None


def _note_time_cut(analysis: Analysis, cut_at: int) -> None:
    """The analysis read the text up to ``cut_at`` only: one ``analysis-truncated`` flag says so (the
    profile reads it), and ``analysis:budget`` says why."""
    analysis.flags = [flag for flag in analysis.flags if not flag.startswith("analysis-truncated:")]
    analysis.flags += [f"analysis-truncated:{cut_at}", ANALYSIS_BUDGET_FLAG]


def _absorb(analysis: Analysis, actors: dict[str, Any], remap: _Remap, doc: Doc) -> None:
    """Copy one chunk doc's records into the report's analysis (the doc can then be dropped)."""
    analysis.sentences.extend(Sentence(start=remap.start(s.start_char), end=remap.end(s.end_char))
                              for s in doc.sents)
    for key in ("entities", "quotes", "claims", "dates", "places", "framing", "incidents"):
        values = getattr(doc._, key) or []
        getattr(analysis, key).extend(_remap(v, remap) for v in values)
    actors.update(doc._.actors or {})


def _language_of(report: Report) -> str:
    """The pipeline that reads a report: its language's when we have one, else English (as before)."""
    return report.language if report.language in LANGUAGES else "en"


def _view(report: Report, lang: str, limit: int) -> tuple[str, Any]:
    """The text the pipeline reads and its offset map to the stored text (None: the text itself)."""
    text = report.text[:limit]
    if lang == "fa":
        from rasad.languages.fa.colloquial import formal_view
        from rasad.languages.fa.normalise import normalise

        # the spoken register (Telegram posts: "چند نفرو گرفتن") read through its formal words
        view = formal_view(normalise(text))
        return view.text, view.map
    return text, None


def _complete(analysis: Analysis, actors: dict[str, Any]) -> Analysis:
    analysis.actors = sorted(actors.values(), key=lambda a: a.id)
    factual = [c for c in analysis.claims if c.factual]
    if factual:
        analysis.unattributed_share = round(sum(c.asserted_by == "author" for c in factual) / len(factual), 4)
    _finish(analysis)
    return analysis


def _finish(analysis: Analysis) -> None:
    """Report-level steps that need the whole analysis (profile, ...), when available."""
    try:
        from rasad.analysis import profile
    except ImportError:  # part 3 not installed in this build
        return
    profile.attach(analysis)


def analyze(report: Report, nlp: Language | None = None) -> Analysis:
    """Analyse one report. Reports in languages we do not analyse come back empty and flagged."""
    return next(analyze_many([report], nlp=nlp))


def analyze_many(reports: Iterable[Report], nlp: Language | None = None, batch_size: int = 32,
                 budget_s: float | None = None) -> Iterator[Analysis]:
    """Analyse reports in order. The chunks of all reports flow through one ``nlp.pipe`` stream,
    so many small reports are batched together; each report comes out once all its chunks did.
    ``nlp`` is the English pipeline; a report in another analysed language goes to that language's
    pipeline, built with the same components left out (batches keep to one language; the order of
    the analyses is the order of the reports). ``budget_s``: seconds of analysis per report (default: the
    ``analysis_timeout_s`` setting; the analysis worker passes a share of it, see ``rasad.analysis.worker``)."""
    nlp = nlp or load_nlp()
    nlps: dict[str, Language] = {"en": nlp}
    exclude = tuple(factory for factory, _ in COMPONENTS if factory not in nlp.pipe_names)

    def nlp_for(lang: str) -> Language:
        if lang not in nlps:
            nlps[lang] = load_nlp(lang, exclude=exclude)
        return nlps[lang]

    limit = get_settings().max_analysis_chars
    # Seconds of analysis per report, checked before each further chunk is handed to spaCy (issue 21,
    # finding 1): a long repetitive text stops after the chunk that passed the budget. Cooperative: the
    # chunk under way is not stopped (the analysis worker's watchdog does that, rasad.analysis.worker).
    if budget_s is None:
        budget_s = get_settings().analysis_timeout_s
    pending: deque[_Pending] = deque()  # reports whose docs were handed to spaCy
    # Framing spans started ahead of the parse (FramingTagger.prefetch), per language pipeline that has one;
    # the futures not yet done are cancelled if the caller stops early.
    overlap = OVERLAP_FRAMING and analysis_threads() >= 2
    prefetchers: dict[str, Any] = {}
    ahead: deque[Any] = deque()  # the framing futures started, oldest first

    def prefetcher(lang: str) -> Any:
        if lang not in prefetchers:
            language_nlp = nlp_for(lang)
            pipe = language_nlp.get_pipe("rasad_framing") if overlap and "rasad_framing" in language_nlp.pipe_names \
                else None
            prefetchers[lang] = getattr(pipe, "prefetch", None)
        return prefetchers[lang]

    def docs() -> Iterator[Doc]:
        for report in reports:
            if not report.language_supported or not report.text.strip():
                pending.append(_Pending(report, 0))
                continue
            lang = _language_of(report)
            text, omap = _view(report, lang, limit)
            chunks = list(_chunks(text))
            entry = _Pending(report, len(chunks))
            language_nlp = nlp_for(lang)
            pending.append(entry)
            ctx = _context(report)
            started = time.monotonic()
            for number, (offset, piece) in enumerate(chunks):
                if number and budget_s > 0 and time.monotonic() - started > budget_s:
                    entry.chunks = number  # the chunks already handed over are all
                    entry.cut_at = offset if omap is None else omap.start(offset)
                    break
                doc = language_nlp.make_doc(piece)
                keep_text(doc, piece)  # the components read the text without joining the tokens again
                _set_context(doc, ctx)
                prefetch = prefetcher(lang)
                if prefetch is not None:
                    while ahead and ahead[0].done():
                        ahead.popleft()
                    future = prefetch(doc, piece)
                    if future is not None:
                        ahead.append(future)
                doc.user_data["rasad_offset"] = _Remap(offset, omap, None if omap is None else report.text)
                yield doc

    def completed() -> Analysis:
        entry = pending.popleft()
        assert current is not None
        if entry.cut_at is not None:
            _note_time_cut(current, entry.cut_at)
        return _complete(current, actors)

    # Each doc's records are copied into its report's analysis as soon as it comes out, and the doc is
    # dropped; batches hold at most BATCH_CHARS characters, so a long report (up to ten 100,000-character
    # chunks) is not parsed all at once: memory is bounded by the batch, not by the report.
    current: Analysis | None = None
    actors: dict[str, Any] = {}
    seen = 0
    try:
        for batch in _char_batches(docs(), batch_size, BATCH_CHARS):
            for doc in nlp_for(batch[0].lang_).pipe(batch, batch_size=len(batch)):
                # A report cut for time after its last doc came out. (_char_batches pulls one doc ahead, so the
                # last doc handed over is normally still to come; this holds whatever the batching does.)
                if current is not None and seen == pending[0].chunks:
                    yield completed()
                    current = None
                while pending and pending[0].chunks == 0:
                    yield _unanalysed(pending.popleft().report)
                if current is None:
                    current, actors, seen = _start_analysis(pending[0].report, limit), {}, 0
                _absorb(current, actors, doc.user_data.pop("rasad_offset"), doc)
                drop_text(doc)
                seen += 1
                if seen == pending[0].chunks:
                    yield completed()
                    current = None
            batch.clear()
        if current is not None:  # the last report, cut for time after its last doc came out
            yield completed()
        while pending:  # reports after the last analysed one that had nothing to analyse
            yield _unanalysed(pending.popleft().report)
    finally:
        for future in ahead:  # stopped early (the deadline, a caller's break): no framing for docs never read
            future.cancel()
