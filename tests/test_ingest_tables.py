"""Ingest of tables of articles: the CSV/JSON Lines readers, the record cleaner, ids from URLs, and
``ingest_table`` (idempotent, duplicates reported, test pages skipped, nothing written on a bad table)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgold import paths
from newsgold.cli import main
from newsgold.ingest import (
    CleaningError,
    TableDefaults,
    document_id_for_url,
    ingest,
    ingest_table,
    is_safe_document_id,
)
from newsgold.ingest.records import NotAnArticle, clean_record
from newsgold.ingest.tables import read_table
from newsgold.io import read_document

POOL = paths.project_root().parent / "shared" / "sources" / "wikinews" / "wikinews.csv"
HEADER = "url,date,title,text\n"


def csv_row(url: str, date: str, title: str, text: str) -> str:
    def q(v: str) -> str:
        return '"' + v.replace('"', '""') + '"'

    return ",".join(q(v) for v in (url, date, title, text)) + "\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


BODY = (
    'Friday, January 4, 2019\xa0\n\nThe council met on "Monday", in Springfield.  \n\n'
    "A second paragraph,\nwith an inner line break.\n\nSources\n\n* Some source\n"
)


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "articles.csv"
    path.write_text(
        HEADER
        + csv_row("https://example.org/wiki/Council_meets", "2019-01-04", "Council meets", BODY)
        + csv_row("https://example.org/wiki/Other", "2019-01-05", "Other news", "One line.\n"),
        encoding="utf-8",
        newline="",
    )
    return path


# ids


def test_document_id_for_url_is_a_slug_and_a_hash() -> None:
    doc_id = document_id_for_url("https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede")
    slug, _, digest = doc_id.rpartition("-")
    assert slug == "hundreds-dead-in-hajj-stampede"
    assert len(digest) == 8 and all(c in "0123456789abcdef" for c in digest)
    assert document_id_for_url("https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede") == doc_id


def test_document_ids_are_safe_bounded_and_distinct() -> None:
    urls = [
        "https://en.wikinews.org/wiki/Caf%C3%A9_opens_in_Z%C3%BCrich",
        "https://en.wikinews.org/wiki/" + "Very_long_title_" * 10,
        "https://en.wikinews.org/wiki/../../etc/passwd",
        "https://en.wikinews.org/wiki/%E4%B8%AD%E6%96%87",  # no ASCII at all
        "https://en.wikinews.org/wiki/Same",
        "https://en.wikinews.org/wiki/same",
    ]
    ids = [document_id_for_url(u) for u in urls]
    assert ids[0].startswith("cafe-opens-in-zurich-")
    assert all(is_safe_document_id(i) and len(i) <= 56 for i in ids), ids
    assert len(set(ids)) == len(ids)


# readers


def test_csv_fields_map_to_their_raw_characters(table: Path) -> None:
    records = list(read_table(table))
    assert [r.number for r in records] == [1, 2]
    first = records[0]
    assert first.raw.startswith(HEADER)
    for field in first.fields.values():
        # a doubled quote decodes to one character whose raw offset is the second quote
        assert "".join(first.raw[i] for i in field.raw) == field.value
    assert '"Monday"' in first.get("text")
    assert records[1].line == 1 + 1 + BODY.count("\n") + 1


@pytest.mark.parametrize(
    "content, where",
    [
        (HEADER + '"https://x.org/a","2019-01-01","T","unterminated\n', "line 2"),
        ("url,date,title\n", "line 1"),  # no text column
        (HEADER + '"a","b","c","d","e"\n', "line 2"),  # too many fields
    ],
)
def test_a_malformed_csv_is_refused_with_its_line(tmp_path: Path, content: str, where: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8", newline="")
    with pytest.raises(CleaningError) as info:
        list(read_table(path))
    assert where in str(info.value)


def test_json_lines_records(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    rows = [
        {"url": "https://x.org/a", "date": "2020-01-02", "title": "T\u00e9", "text": 'Caf\u00e9 \\ "q"\n'},
        {"url": "https://x.org/b", "date": "2020-01-03", "title": "U", "text": "Body."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    records = list(read_table(path))
    assert [r.get("title") for r in records] == ["T\u00e9", "U"]
    rec = records[0]
    text = rec.fields["text"]
    assert text.value == rows[0]["text"]
    # escapes map to the first raw character of their escape sequence
    assert all(rec.raw[i] == text.value[k] or rec.raw[i] == "\\" for k, i in enumerate(text.raw))
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rows[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CleaningError, match="line 2"):
        list(read_table(bad))


# the record cleaner


def test_cleaning_removes_with_reasons_and_keeps_characters(table: Path) -> None:
    record = next(read_table(table))
    cleaned = clean_record(record)
    assert cleaned.text == (
        'Council meets\n\nThe council met on "Monday", in Springfield.\n\n'
        "A second paragraph,\nwith an inner line break."
    )
    reasons = [r.reason for r in cleaned.removed]
    assert reasons.count("date-line") == 1 and "sources-section" in reasons and "stray-whitespace" in reasons
    for seg in cleaned.segments:  # every kept character is the raw character it came from
        assert cleaned.text[seg.start : seg.end] == record.raw[seg.raw_start : seg.raw_end]
    assert [k for _, _, k in cleaned.paragraphs] == ["headline", "body", "body"]


@pytest.mark.parametrize(
    "title, text", [("TEST PAGE:Self-publish today", "Hello"), ("A title", "Friday, January 4, 2019\n")]
)
def test_rows_that_are_not_articles_are_refused(tmp_path: Path, title: str, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER + csv_row("https://x.org/a", "2019-01-04", title, text), encoding="utf-8", newline=""
    )
    with pytest.raises(NotAnArticle):
        clean_record(next(read_table(path)))


# ingest_table


def test_ingest_table_creates_then_changes_nothing(table: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    paths.documents_dir(root).mkdir(parents=True)
    results = list(ingest_table(table, root, TableDefaults(publisher="Wikinews")))
    assert [r.status for r in results] == ["created", "created"]
    doc = read_document(results[0].path)
    assert doc.id == document_id_for_url("https://example.org/wiki/Council_meets")
    meta = doc.metadata
    assert (meta.publisher, meta.rights_holder, meta.licence, meta.redistributable, meta.published) == (
        "Wikinews",
        "Wikinews contributors",
        "CC-BY-2.5",
        True,
        "2019-01-04",
    )
    assert meta.licence_url == "https://creativecommons.org/licenses/by/2.5/"
    assert (root / doc.provenance.raw_path).read_text(encoding="utf-8") == next(read_table(table)).raw
    before = snapshot(root)
    same = TableDefaults(publisher="Wikinews")
    assert [r.status for r in ingest_table(table, root, same)] == ["unchanged"] * 2
    assert snapshot(root) == before
    # other metadata for the same rows is an update of the metadata, never of the text
    assert [r.status for r in ingest_table(table, root, TableDefaults(publisher="Other"))] == ["updated"] * 2
    assert read_document(results[0].path).text == doc.text


def test_same_text_from_another_row_is_a_duplicate_not_written(table: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    paths.documents_dir(root).mkdir(parents=True)
    list(ingest_table(table, root))
    again = tmp_path / "again.csv"
    again.write_text(
        HEADER
        + csv_row(
            "https://mirror.org/wiki/Council_meets",
            "2019-01-04",
            "Council meets",
            BODY.replace("Friday, January 4, 2019\xa0", "January 4, 2019"),
        ),
        encoding="utf-8",
        newline="",
    )
    before = snapshot(root)
    (result,) = ingest_table(again, root)
    assert result.status == "duplicate"
    assert result.duplicate_of == document_id_for_url("https://example.org/wiki/Council_meets")
    assert snapshot(root) == before


def test_a_bad_row_leaves_the_corpus_as_it_was(table: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    paths.documents_dir(root).mkdir(parents=True)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        table.read_text(encoding="utf-8") + '"https://x.org/z","2019-01-01","T","open\n',
        encoding="utf-8",
        newline="",
    )
    with pytest.raises(CleaningError):
        ingest([bad], root)
    assert not any(paths.documents_dir(root).iterdir())


def test_cli_ingests_a_table_and_reports_skipped_rows(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with table.open("a", encoding="utf-8", newline="") as f:
        f.write(csv_row("https://x.org/t", "2019-01-06", "TEST PAGE:Self-publish", "x"))
    root = tmp_path / "root"
    assert (
        main(
            [
                "ingest",
                str(table),
                "--root",
                str(root),
                "--init",
                "--publisher",
                "Example",
                "--licence",
                "CC-BY-4.0",
                "--redistributable",
                "true",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "skipped" in out and "test page" in out
    assert out.strip().endswith("ingest: 2 created, 1 skipped")
    doc = read_document(next(paths.documents_dir(root).glob("council-meets-*.json")))
    meta = doc.metadata
    assert (meta.publisher, meta.licence, meta.redistributable) == ("Example", "CC-BY-4.0", True)


@pytest.mark.skipif(not POOL.is_file(), reason="the Wikinews pool is not next to this checkout")
@pytest.mark.slow
def test_the_wikinews_pool_ingests_to_the_committed_documents(tmp_path: Path) -> None:
    root = tmp_path / "root"
    paths.documents_dir(root).mkdir(parents=True)
    results = list(ingest_table(POOL, root, TableDefaults(publisher="Wikinews")))
    created = [r for r in results if r.status == "created"]
    assert len(created) == 347
    assert [r.status for r in results if r.status != "created"] == ["skipped", "skipped"]
    for r in created:
        committed = paths.documents_dir() / r.path.name
        assert r.path.read_bytes() == committed.read_bytes(), r.document_id


def test_every_kept_raw_row_reingests_to_its_committed_document(tmp_path: Path) -> None:
    rows = sorted(paths.raw_dir().glob("*.csv"))
    assert len(rows) >= 347
    root = tmp_path / "root"
    paths.documents_dir(root).mkdir(parents=True)
    results = ingest(rows, root, TableDefaults(publisher="Wikinews"))
    assert {r.status for r in results} == {"created"}
    for r in results:
        assert r.path.read_bytes() == (paths.documents_dir() / r.path.name).read_bytes(), r.document_id


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "nul.csv",
            HEADER + csv_row("https://x.org/a", "2019-01-01", "T", "Body \x00 here"),
            "control character",
        ),
        ("date.csv", HEADER + csv_row("https://x.org/a", "01/02/2019", "T", "Body."), "not an ISO date"),
        ("num.jsonl", '{"title": 5, "text": "Body."}\n', "member 'title' must be a string"),
        ("list.jsonl", "[1, 2]\n", "a JSON object is expected"),
    ],
)
def test_bad_rows_are_refused_with_their_row_and_line(
    tmp_path: Path, name: str, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    root = tmp_path / "root"
    assert main(["ingest", str(path), "--root", str(root), "--init"]) == 1
    err = capsys.readouterr().err
    assert message in err and f"{path} (line " in err and "Traceback" not in err
    assert not any(paths.documents_dir(root).iterdir())
