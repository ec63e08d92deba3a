"""``newsgold init``: a new project that every command accepts; an existing folder is never touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsgold.cli import main
from newsgold.corpus.version import read_version
from newsgold.io import read_json
from newsgold.project_init import InitError, init_project
from newsgold.release.datasheet import check_datasheet


def test_a_new_project_takes_a_table_validates_and_releases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = init_project(tmp_path / "my-corpus", today=dt.date(2026, 12, 2))
    assert read_version(root).corpus_version == "0.1.0"
    assert read_json(root / "corpus" / "splits.json") == {}
    table = tmp_path / "articles.csv"
    table.write_text(
        'url,date,title,text\n"https://x.org/wiki/A","2019-01-01","A title","One.\n\nTwo."\n',
        encoding="utf-8",
        newline="",
    )
    for argv in (
        ["ingest", str(table), "--root", str(root), "--publisher", "Wikinews"],
        ["splits", "--update", "--root", str(root)],
        ["validate", "--root", str(root)],
        ["datasheet", "--write", "--root", str(root)],
        ["release", "--root", str(root)],
    ):
        assert main(argv) == 0, argv
    assert check_datasheet(root)
    assert (root / "dist" / "newsgold-0.1.0" / "manifest.json").is_file()


def test_init_never_touches_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(busy)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(InitError):
        init_project(file)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(empty)]) == 0 and (empty / "corpus" / "VERSION.json").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
