"""Ingest: the seed page cleans to the committed document; ingest is idempotent and never overwrites."""

from __future__ import annotations

import shutil
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from checkout import SEED_ID
from newsgold import paths
from newsgold.cli import main
from newsgold.ingest import CleaningError, IngestResult, build_document, ingest, ingest_page
from newsgold.ingest.textdump import MAX_LINES
from newsgold.io import read_document
from newsgold.validate import validate

COMMITTED = paths.documents_dir() / f"{SEED_ID}.json"
SEED_RAW = paths.raw_dir() / f"{SEED_ID}.txt"  # the raw page, byte for byte as scraped


@pytest.fixture
def seed_page(tmp_path: Path) -> Path:
    page = tmp_path / "pages" / f"000_{SEED_ID}.txt"
    page.parent.mkdir()
    shutil.copyfile(SEED_RAW, page)
    return page


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_seed_ingests_to_the_committed_document(seed_page: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    result = ingest_page(seed_page, root)
    assert (result.document_id, result.status) == (SEED_ID, "created")
    assert (paths.documents_dir(root) / f"{SEED_ID}.json").read_bytes() == COMMITTED.read_bytes()
    assert (paths.raw_dir(root) / f"{SEED_ID}.txt").read_bytes() == SEED_RAW.read_bytes()


def test_ingest_is_idempotent(seed_page: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    ingest_page(seed_page, root)
    before = snapshot(root)
    assert ingest_page(seed_page, root).status == "unchanged"
    assert snapshot(root) == before


def test_a_different_page_with_the_same_id_is_refused(seed_page: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    ingest_page(seed_page, root)
    before = snapshot(root)
    other = seed_page.with_name(f"001_{SEED_ID}.txt")
    other.write_bytes(seed_page.read_bytes().replace(b"Japan", b"Nippon", 1))
    with pytest.raises(CleaningError, match="different page"):
        ingest_page(other, root)
    assert snapshot(root) == before


def test_removed_lines_are_recorded_with_reasons() -> None:
    doc = read_document(COMMITTED)
    lines = SEED_RAW.read_text(encoding="utf-8").splitlines()
    reasons = [r.reason for r in doc.provenance.removed]
    assert reasons == ["print-header", "section-breadcrumb", "metadata-bullets", "navigation-bullets"]
    for r in doc.provenance.removed:
        assert r.text == "\n".join(lines[r.first_line - 1 : r.last_line])
        assert r.text not in doc.text


def test_every_segment_maps_back_to_identical_raw_characters() -> None:
    doc = read_document(COMMITTED)
    raw = SEED_RAW.read_text(encoding="utf-8")
    assert doc.provenance.segments
    covered = 0
    for s in doc.provenance.segments:
        assert doc.text[s.start : s.end] == unicodedata.normalize("NFC", raw[s.raw_start : s.raw_end])
        assert doc.text[s.start : s.end] == raw[s.raw_start : s.raw_end]  # the seed needs no normalisation
        covered += s.end - s.start
    assert covered == len(doc.text.replace("\n\n", ""))


def test_html_page_through_trafilatura_gives_headline_and_body(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    body = [
        "Japan and South Korea are making arrangements for their foreign ministers to meet on Sept. 26 "
        "on the margins of the U.N. General Assembly in New York, officials said Thursday.",
        "The meeting, if realized, will be the first between the two ministers since August, when "
        "relations between the neighbors sank to their lowest point in decades over trade and history.",
        "Both governments hope the talks will help calm tensions, though expectations remain low, "
        "according to people familiar with the plans who asked not to be named.",
    ]
    html = (
        "<!DOCTYPE html><html><head><title>Ministers to meet in New York</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
        "<h1>Ministers to meet in New York</h1>"
        + "".join(f"<p>{p}</p>" for p in body)
        + "</article><footer>Copyright 2019 Example News. All rights reserved.</footer></body></html>"
    )
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    result = ingest_page(page, tmp_path / "root")
    doc = read_document(result.path)
    assert doc.provenance.cleaner == "trafilatura"
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds[0] == "headline" and set(kinds[1:]) == {"body"}
    assert doc.text[doc.paragraphs[0].start : doc.paragraphs[0].end] == "Ministers to meet in New York"
    for p in body:
        assert p in doc.text
    assert "Copyright" not in doc.text and "Home" not in doc.text


def test_non_utf8_input_is_a_cleaning_error(tmp_path: Path) -> None:
    page = tmp_path / f"000_{SEED_ID}.txt"
    page.write_bytes(SEED_RAW.read_bytes() + "café".encode("latin-1"))
    with pytest.raises(CleaningError, match="not UTF-8"):
        ingest_page(page, tmp_path / "root")
    assert not (tmp_path / "root").exists()


def test_ingest_command_exit_codes(seed_page: Path, tmp_path: Path, capsys) -> None:
    root = str(tmp_path / "root")
    assert main(["ingest", str(seed_page), "--root", root, "--init"]) == 0
    assert "created" in capsys.readouterr().out
    assert main(["ingest", str(seed_page), "--root", root]) == 0
    assert "unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    assert main(["ingest", str(bad), "--root", root]) == 1
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "Traceback" not in err
    assert err.count(str(bad)) == 1, err  # the page is named once
    assert main(["ingest", str(tmp_path / "missing.txt"), "--root", root]) == 2


def test_cleaning_errors_name_the_page_and_line_once(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text("print PRINT\n  • September 19, 2019\n", encoding="utf-8")  # no headline
    with pytest.raises(CleaningError) as exc:
        ingest_page(page, tmp_path / "root")
    assert (exc.value.path, exc.value.line) == (page, 2)
    assert str(exc.value) == f"{page} (line 2): no headline found after the page header"
    assert main(["ingest", str(page), "--root", str(tmp_path / "root"), "--init"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"{page} (line 2): error: no headline found after the page header"


def test_ingest_refuses_a_root_that_is_not_a_project_unless_init(
    seed_page: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    for root in (tmp_path / "nonexistent", tmp_path / "pages"):  # missing, and a folder with no corpus/
        assert main(["ingest", str(seed_page), "--root", str(root)]) == 2
        err = capsys.readouterr().err
        assert str(root) in err and "--init" in err and "Traceback" not in err
    assert not (tmp_path / "nonexistent").exists() and not (tmp_path / "pages/corpus").exists()
    monkeypatch.setenv("NEWSGOLD_ROOT", str(tmp_path / "pages"))
    monkeypatch.chdir(tmp_path)  # in no project, so NEWSGOLD_ROOT is the root
    assert main(["ingest", str(seed_page)]) == 2
    assert str(tmp_path / "pages") in capsys.readouterr().err
    root = tmp_path / "new"
    assert main(["ingest", str(seed_page), "--root", str(root), "--init"]) == 0
    assert paths.documents_dir(root).is_dir() and paths.raw_dir(root).is_dir()
    assert (paths.documents_dir(root) / f"{SEED_ID}.json").read_bytes() == COMMITTED.read_bytes()
    capsys.readouterr()


def test_the_same_page_under_another_name_is_not_a_second_document(
    seed_page: Path, tmp_path: Path, capsys
) -> None:
    root = tmp_path / "root"
    ingest_page(seed_page, root)
    before = snapshot(root)
    renamed = seed_page.with_name("kyodo-page.txt")  # its name gives no id: the SHA-256 would
    shutil.copyfile(seed_page, renamed)
    result = ingest_page(renamed, root)
    assert (result.status, result.document_id, result.duplicate_of) == ("unchanged", SEED_ID, SEED_ID)
    assert snapshot(root) == before
    assert main(["ingest", str(renamed), "--root", str(root)]) == 0
    assert f"unchanged (already document {SEED_ID})" in capsys.readouterr().out
    assert snapshot(root) == before
    # several names of one page in one run: one document
    other = tmp_path / "other"
    upper = seed_page.with_name("copy.TXT")
    shutil.copyfile(seed_page, upper)
    first, *again = ingest([renamed, seed_page, upper], other)
    assert first.status == "created" and first.duplicate_of is None
    assert [(r.status, r.document_id, r.duplicate_of) for r in again] == [
        ("unchanged", first.document_id, first.document_id),  # its name would give SEED_ID
        ("unchanged", first.document_id, None),
    ]  # its name gives the SHA-256 id, as the first did
    assert len(list(paths.documents_dir(other).glob("*.json"))) == 1
    assert len(list(paths.raw_dir(other).iterdir())) == 1


# --- hostile pages: whitespace of scraped dumps, pages without an article, names, control characters ---


def _seed_lines() -> list[str]:
    return SEED_RAW.read_text(encoding="utf-8").split("\n")


TRANSFORMS = {
    "trailing spaces": lambda lines: "\n".join(ln + "   " if ln else ln for ln in lines),
    "trailing tabs": lambda lines: "\n".join(ln + "\t" for ln in lines),
    "trailing no-break spaces": lambda lines: "\n".join(ln + "\u00a0" for ln in lines),
    "whitespace-only blank lines": lambda lines: "\n".join(ln or " \t\u00a0 " for ln in lines),
    "no-break space indentation": lambda lines: "\n".join(
        "\u00a0\u00a0" + ln.lstrip() if ln.startswith("  ") else ln for ln in lines
    ),
    "CRLF line ends": lambda lines: "\r\n".join(lines),
    "CR line ends": lambda lines: "\r".join(lines),
    "all at once": lambda lines: "\r\n".join(
        ("\u00a0" + ln.lstrip() if ln.startswith("  ") else ln) + " \u00a0" for ln in lines
    ),
}


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
def test_a_scraped_seed_with_other_whitespace_cleans_to_the_same_document(transform: str) -> None:
    """Trailing whitespace once made the breadcrumb the headline and lost the metadata."""
    page = TRANSFORMS[transform](_seed_lines())
    assert page.encode() != SEED_RAW.read_bytes()
    doc = build_document(Path(f"000_{SEED_ID}.txt"), page.encode(), SEED_ID, f"corpus/raw/{SEED_ID}.txt")
    committed = read_document(COMMITTED)
    assert doc.text == committed.text
    assert doc.paragraphs == committed.paragraphs
    assert doc.metadata == committed.metadata
    lines = [(r.first_line, r.last_line, r.reason) for r in doc.provenance.removed]
    assert lines == [(r.first_line, r.last_line, r.reason) for r in committed.provenance.removed]
    for s in doc.provenance.segments:  # every segment still leads back to the same raw characters
        assert doc.text[s.start : s.end] == page[s.raw_start : s.raw_end]


def test_a_page_with_the_text_of_a_document_is_a_duplicate_not_a_second_document(
    seed_page: Path, tmp_path: Path, capsys
) -> None:
    root = tmp_path / "root"
    ingest_page(seed_page, root)
    before = snapshot(root)
    for name, transform in (("crlf.txt", "CRLF line ends"), ("spaces.txt", "trailing spaces")):
        other = tmp_path / "pages" / name
        other.write_bytes(TRANSFORMS[transform](_seed_lines()).encode())
        result = ingest_page(other, root)
        assert (result.status, result.duplicate_of) == ("duplicate", SEED_ID)
        assert snapshot(root) == before
        assert main(["ingest", str(other), "--root", str(root)]) == 0
        assert f"same text as document {SEED_ID}, not written" in capsys.readouterr().out
    assert validate(root=root).findings == ()


NOT_ARTICLES = {
    "empty.txt": (b"", "the page is empty"),
    "blank.txt": (b" \n\t\n\xc2\xa0\r\n\n", "the page is empty"),
    "headline-only.txt": (b"print PRINT\n\nA headline and nothing else\n", "no body paragraph"),
    "navigation.html": (
        b"<html><head><title>Example News</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        b"<li><a href='/world'>World</a></li></ul></nav><footer>Copyright 2019</footer></body></html>",
        "no main text",
    ),
    "title-only.html": (
        b"<html><head><title>Just a title</title></head><body><h1>Just a title</h1></body></html>",
        "no body paragraph besides the headline",
    ),
    "untitled.html": (b"<html><body><p>Hello there, reader.</p></body></html>", "no headline"),
}


@pytest.mark.parametrize("name", sorted(NOT_ARTICLES))
def test_a_page_without_an_article_is_skipped_with_its_reason_not_written(
    name: str, tmp_path: Path, capsys
) -> None:
    if name.endswith(".html"):
        pytest.importorskip("trafilatura")
    content, reason = NOT_ARTICLES[name]
    page = tmp_path / name
    page.write_bytes(content)
    root = tmp_path / "root"
    result = ingest_page(page, root)
    assert result.status == "skipped" and result.reason is not None
    assert result.reason.startswith("not an article: ") and reason in result.reason
    assert not root.exists()  # nothing written
    assert main(["ingest", str(page), "--root", str(root), "--init"]) == 0
    out = capsys.readouterr().out
    assert f"skipped   {page}: not an article" in out and out.strip().endswith("ingest: 1 skipped")
    assert list(paths.documents_dir(root).iterdir()) == [] and list(paths.raw_dir(root).iterdir()) == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("x.t\\xt", "holds a backslash"),  # once ingested, then failed validation (unsafe-raw-path)
        ("page." + "t" * 250, "has the extension '.tttttttttttttttttt…'"),  # once an OSError traceback
        ("page.txt\x1b[2J", "holds a control character"),
        ("a\nb.txt", "holds a control character"),
        ("page.t x t", "not 1 to 16 ASCII letters or digits"),
        ("page.тхт", "not 1 to 16 ASCII letters or digits"),
    ],
)
def test_an_unsafe_page_name_is_refused_before_anything_is_written(
    name: str, problem: str, tmp_path: Path, capsys
) -> None:
    page = tmp_path / "pages" / name
    page.parent.mkdir()
    page.write_bytes(SEED_RAW.read_bytes())
    root = tmp_path / "root"
    with pytest.raises(CleaningError, match="the file name") as exc:
        ingest_page(page, root)
    assert problem in exc.value.reason and exc.value.path == page
    assert not root.exists()
    assert main(["ingest", str(page), "--root", str(root), "--init"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and problem in err and "\x1b" not in err and err.count("\n") == 1
    assert list(paths.documents_dir(root).iterdir()) == []


def test_a_page_name_over_255_bytes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with pytest.raises(CleaningError, match="longer than 255 bytes"):
        ingest_page(tmp_path / ("é" * 130 + ".txt"), tmp_path / "root")  # no such file: never read


def test_safe_page_names_keep_their_extension_in_lower_case(seed_page: Path, tmp_path: Path) -> None:
    page = seed_page.with_name("Kyodo-Page.TXT")
    seed_page.rename(page)
    result = ingest_page(page, tmp_path / "root")
    assert read_document(result.path).provenance.raw_path.endswith(".txt")
    assert validate(root=tmp_path / "root").findings == ()


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\x9b", "\x0c"])
def test_a_page_with_control_characters_is_refused_not_ingested(char: str, tmp_path: Path) -> None:
    """A NUL, ESC or BEL in a page once went into the document text unremarked."""
    lines = _seed_lines()
    lines[10] = lines[10][:5] + char + lines[10][5:]
    for suffix, content in (
        (".txt", "\n".join(lines)),
        (".html", f"<html><body><p>{lines[10]}</p></body></html>"),
    ):
        if suffix == ".html":
            pytest.importorskip("trafilatura")
        page = tmp_path / f"page{suffix}"
        page.write_text(content, encoding="utf-8")
        with pytest.raises(CleaningError, match="control character") as exc:
            ingest_page(page, tmp_path / "root")
        column = 6 + content.index(lines[10]) if suffix == ".html" else 6
        assert repr(char) in exc.value.reason and f"(column {column})" in exc.value.reason
        assert exc.value.line == (11 if suffix == ".txt" else 1)
        assert not (tmp_path / "root").exists()


def _one_word_page(paragraphs: int) -> bytes:
    return b"A headline\n\n" + b"word\n\n" * paragraphs


def _peak_allocated(page: Path, root: Path) -> tuple[int, IngestResult]:
    tracemalloc.start()
    try:
        result = ingest_page(page, root)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_ingest_memory_is_a_small_multiple_of_the_page_size(tmp_path: Path) -> None:
    """A 50 MB page of one-word paragraphs once took 7 GB: memory per line, not per byte of the page."""
    for n, (kind, content) in enumerate(
        [
            ("one-word paragraphs", _one_word_page(200_000)),  # 1.2 MB, beyond the line limit: refused
            ("one-word paragraphs", _one_word_page(9_000)),  # within it: ingested
            (
                "long paragraphs",
                b"A headline\n\n" + (b"the minister said talks resume " * 300 + b"\n\n") * 100,
            ),
        ]
    ):
        page = tmp_path / f"page{n}.txt"
        page.write_bytes(content)
        peak, result = _peak_allocated(page, tmp_path / f"root{n}")
        size = len(content)
        # the page, its decoded and its cleaned text, and writing the document (orjson takes a buffer of
        # about nine times the text), plus what each of at most MAX_LINES lines costs (1.2 KB)
        assert peak < 16 * size + 2_000 * min(content.count(b"\n"), MAX_LINES), (kind, size, peak, result)
        assert result.status == (
            "skipped" if size > 1_000_000 and kind == "one-word paragraphs" else "created"
        )
