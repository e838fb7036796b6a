"""Hypothesis properties (issue 21, "under attack"): decoding, HTML and PDF extraction, dates, counts and
every importer take any input without crashing and keep their promises on the inputs they understand.
Each runs within a fixed budget (max_examples, no per-example deadline: the machine is shared), so the
whole file stays within a minute or two of `make test`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import string

import jdatetime
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rasad.analysis.when import find_dates, normalise_date, parse_published
from rasad.incidents.counts import number_value
from rasad.ingest.decode import decode_text
from rasad.ingest.errors import IngestError
from rasad.ingest.html import extract_html
from rasad.log.importers import ImportError_, csv_items, import_file, jalali_range, javidnam_items, jsonl_items

BUDGET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])
SMALL = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])
# Words of Latin and Persian letters (no control characters): what a report's text is made of.
WORD = st.text(alphabet=st.sampled_from(string.ascii_letters + "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"), min_size=1, max_size=12)
WORDS = st.lists(WORD, min_size=1, max_size=30).map(" ".join)


# --- decoding ----------------------------------------------------------------------------------------


@BUDGET
@given(st.binary(max_size=4000))
def test_any_bytes_decode_to_text_or_a_one_line_refusal(data):
    try:
        decoded = decode_text(data)
    except IngestError as err:
        assert "\n" not in str(err) and str(err)
    else:
        assert isinstance(decoded.text, str) and decoded.text.strip()
        decoded.text.encode("utf-8", "surrogatepass")
        assert any(f.startswith("encoding:") for f in decoded.flags)


@BUDGET
@given(WORDS, st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_text_in_a_unicode_encoding_decodes_to_itself(text, encoding):
    assert decode_text(text.encode(encoding)).text == text


# --- HTML and PDF extraction ----------------------------------------------------------------------------


@BUDGET
@given(st.text(max_size=2000))
def test_any_markup_extracts_without_crashing(markup):
    extracted = extract_html(markup)
    assert isinstance(extracted.text, str)


@SMALL
@given(st.lists(WORDS, min_size=3, max_size=8))
def test_the_paragraphs_of_a_page_are_in_its_text(paragraphs):
    body = "".join(f"<p>{p}.</p>" for p in paragraphs)
    text = extract_html(f"<html><head><title>t</title></head><body><article>{body}</article>"
                        "<script>var secret = 'never text';</script></body></html>").text
    assert "never text" not in text
    assert all(p in text for p in paragraphs)


def _pdf_with_text(line: str) -> bytes:
    """A one-page PDF whose content stream shows ``line`` (Helvetica, printable ASCII)."""
    content = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


@SMALL
@given(st.lists(st.text(alphabet=string.ascii_letters, min_size=2, max_size=10), min_size=2, max_size=10).map(" ".join))
def test_a_pdf_gives_back_the_words_it_shows(line):
    from rasad.ingest.read import read_bytes

    report = read_bytes(_pdf_with_text(line), source="x.pdf")
    assert report.text.split() == line.split()


@SMALL
@given(st.integers(min_value=0, max_value=400), st.binary(min_size=1, max_size=40))
def test_a_damaged_pdf_is_a_report_or_a_one_line_refusal(at, noise):
    from rasad.ingest.read import read_bytes

    data = bytearray(_pdf_with_text("Seven people were arrested"))
    data[at : at + len(noise)] = noise
    try:
        report = read_bytes(bytes(data), source="x.pdf")
    except IngestError as err:
        assert "\n" not in str(err)
    else:
        assert report.original == bytes(data)


# --- dates -----------------------------------------------------------------------------------------------


@BUDGET
@given(st.integers(1300, 1450), st.integers(1, 12), st.integers(1, 29))
def test_a_jalali_day_converts_to_the_gregorian_day_it_is(year, month, day):
    start, end, precision = jalali_range(f"{year}/{month:02d}/{day:02d}")
    assert precision == "day" and start == end
    assert jdatetime.date.fromgregorian(date=dt.date.fromisoformat(start)) == jdatetime.date(year, month, day)
    persian = f"{year}/{month:02d}/{day:02d}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert jalali_range(persian) == (start, end, precision)


@BUDGET
@given(st.integers(1300, 1450), st.integers(1, 12))
def test_a_jalali_month_covers_its_days_and_no_more(year, month):
    start, end, precision = jalali_range(f"{year}/{month:02d}")
    assert precision == "month" and start <= end
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    assert 29 <= (last - first).days + 1 <= 31
    assert jdatetime.date.fromgregorian(date=first).day == 1
    assert jdatetime.date.fromgregorian(date=last + dt.timedelta(days=1)).day == 1


@BUDGET
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=30), st.dates().map(str)))
def test_date_finding_takes_any_text(text, published):
    for mention in find_dates(text, published):
        assert 0 <= mention.start <= mention.end <= len(text)
    normalise_date(text, published)
    parsed = parse_published(published)
    assert parsed is None or isinstance(parsed, dt.date)


@BUDGET
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_a_stated_date_is_read_as_itself(day):
    # normalise_date reads one date expression (what the pipeline's DATE spans hold)
    for written in (day.isoformat(), f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}"):
        mention = normalise_date(written, None)
        assert mention is not None and (mention.value, mention.precision) == (day.isoformat(), "day"), written


# --- counts --------------------------------------------------------------------------------------------


@BUDGET
@given(st.integers(0, 10_000_000))
def test_a_written_number_is_its_value(n):
    assert number_value(str(n)) == n
    assert number_value(f"{n:,}") == n


@BUDGET
@given(st.text(max_size=80))
def test_any_words_are_a_count_or_none(words):
    value = number_value(words)
    assert value is None or (isinstance(value, int) and value >= 0)


# --- importers -------------------------------------------------------------------------------------------

CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
GENERIC = ["ref", "when", "what", "where", "prov", "dead", "names", "lat", "geonameid"]
MAPPING = {"source_key": "ref", "date": "when", "event_type": "what", "place_name": "where", "province": "prov",
           "killed": "dead", "victims": "names", "lat": "lat", "geonameid": "geonameid"}


def _csv(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@BUDGET
@given(st.lists(st.lists(CELL, min_size=len(GENERIC), max_size=len(GENERIC)), max_size=15))
# found by this property: "²" passes str.isdigit() but not int(): a count or a GeoNames id of "²" crashed the import
@example([["a", "2023-01-01", "Protests", "Rasht", "Gilan", "²", "", "", "³"]])
def test_a_generic_csv_gives_an_item_or_a_reason_for_every_row(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("csv") / "rows.csv"
    path.write_text(_csv(GENERIC, rows), encoding="utf-8")
    try:
        items = list(csv_items(path, MAPPING))
    except ImportError_ as err:
        assert "\n" not in str(err)
        return
    for key, item, problem in items:
        assert isinstance(key, str) and (item is None) != (problem is None)
        if item is not None:
            killed = (item.get("counts") or {}).get("killed")
            assert killed is None or isinstance(killed, int | str)
            assert item.get("geonameid") is None or isinstance(item["geonameid"], int)


@BUDGET
@given(st.lists(st.one_of(CELL, st.recursive(st.none() | st.integers() | CELL,
                                             lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CELL, inner, max_size=3),
                                             max_leaves=10).map(lambda v: json.dumps(v))), max_size=10))
def test_a_jsonl_file_gives_an_item_or_a_reason_for_every_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "items.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in lines) + "\n", encoding="utf-8")
    try:
        items = list(jsonl_items(path))
    except ImportError_ as err:
        assert "\n" not in str(err)
        return
    for key, item, problem in items:
        assert isinstance(key, str) and (item is None) != (problem is None)


JAVIDNAM_HEADER = ["id", "name", "name_en", "event", "gender", "age", "birth_year", "date_jalali", "date_gregorian",
                   "city", "province", "cause", "occupation", "notable", "verification", "sources"]


@BUDGET
@given(st.lists(st.lists(CELL, min_size=len(JAVIDNAM_HEADER), max_size=len(JAVIDNAM_HEADER)), max_size=10))
@example([["jvn_1", "نام", "A Name", "", "", "²", "", "", "", "", "", "", "", "", "", ""]])  # an age of "²"
def test_a_registry_file_gives_an_item_or_a_reason_for_every_row(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("javidnam") / "registry.csv"
    path.write_text(_csv(JAVIDNAM_HEADER, rows), encoding="utf-8")
    try:
        items = list(javidnam_items(path))
    except ImportError_ as err:
        assert "\n" not in str(err)
        return
    for key, item, problem in items:
        assert isinstance(key, str) and (item is None) != (problem is None)
        if item is not None:
            ages = [v.get("age") for v in item.get("victims") or [] if v.get("age") is not None]
            assert all(isinstance(a, int) for a in ages)


@SMALL
@given(st.sampled_from(["csv", "jsonl", "json", "javidnam"]), st.lists(CELL, max_size=8))
def test_importing_any_file_into_a_log_counts_every_row_or_refuses_in_one_line(tmp_path_factory, kind, cells):
    from rasad.store import open_store

    folder = tmp_path_factory.mktemp("imp")
    path = folder / f"in.{kind}"
    if kind in ("csv", "javidnam"):
        header = GENERIC if kind == "csv" else JAVIDNAM_HEADER
        path.write_text(_csv(header, [cells + [""] * (len(header) - len(cells))]), encoding="utf-8")
    else:
        path.write_text("\n".join(json.dumps({"source_key": c, "event_type": c}) for c in cells), encoding="utf-8")
    store = open_store(f"sqlite:///{folder / 'log.db'}")
    try:
        summary = import_file(store, kind, path, mapping=MAPPING if kind == "csv" else None)
    except ImportError_ as err:
        assert "\n" not in str(err)
    else:
        assert summary.added + summary.skipped + summary.bad == summary.read
    finally:
        store.close()


@BUDGET
@given(st.one_of(st.text(max_size=30), st.floats(allow_nan=False).map(str), st.integers().map(str)),
       st.sampled_from([None, "day", "week", "month"]))
@example("2147483648000.0", None)  # found by the OpenAPI fuzz: a "year" past C int overflowed the filter (a 500)
def test_any_text_is_a_date_range_or_none(value, precision):
    from rasad.store.db import date_bounds

    start, end = date_bounds(value, precision)
    assert (start is None) == (end is None) and (start is None or start <= end)
