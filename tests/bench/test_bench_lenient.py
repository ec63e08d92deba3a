"""Lenient predictions: boilerplate fields get their documented defaults, predictions do not, and only
the tasks a file has layers for are scored."""

from __future__ import annotations

import copy
import dataclasses
import json
import re

import pytest

from newsgold import paths
from newsgold.bench.lenient import DEFAULTS, complete, default_tasks
from newsgold.bench.predictions import read_predictions
from newsgold.bench.report import format_markdown, format_table
from newsgold.bench.run import Gold, TaskError, benchmark, choose_tasks, compare_reports


def write_lines(path, *lines) -> None:  # type: ignore[no-untyped-def]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def test_a_line_with_only_mentions_scores_cleanly(tmp_path, seed_doc, mention, annotation, span_of) -> None:
    from newsgold.model import Event

    tokyo, ny = mention("m1", "TOKYO", "GPE"), mention("m2", "New York", "GPE")
    gold = Gold(
        "test",
        tmp_path,
        {seed_doc.id: seed_doc},
        {
            seed_doc.id: annotation(
                mentions=(tokyo, ny), events=(Event("e1", "Contact:Meet", span_of("meet"), "planned"),)
            )
        },
    )
    path = tmp_path / "run.jsonl"
    write_lines(
        path,
        {"document_id": seed_doc.id, "mentions": [{"start": tokyo.start, "end": tokyo.end, "type": "GPE"}]},
    )
    preds = read_predictions(path, gold.documents)
    assert preds.findings == []
    (m,) = preds.annotations[seed_doc.id].mentions
    assert (m.id, m.text, m.kind, m.type) == ("m1", "TOKYO", "name", "GPE")
    report, _ = benchmark(gold, preds, {"kind": "predictions", "name": path.name}, replicates=20)
    assert report["findings"]["errors"] == report["findings"]["warnings"] == 0
    assert report["tasks"]["scored"] == ["entities"] and "events, claims: none" in report["tasks"]["reason"]
    assert report["figures"]["entities.strict.micro.precision"] == 1.0
    assert report["figures"]["entities.strict.micro.recall"] == 0.5
    # the tasks not scored are nowhere in the report: no figures, tables, settings or unit counts
    assert {name.split(".")[0] for name in report["figures"]} == {"entities"}
    assert set(report["tables"]) == {"entities"} and set(report["intervals"]) == set(report["figures"])
    assert "events" not in report["settings"] and "claims" not in report["settings"]
    assert not [k for row in report["units"] for k in row["counts"] if not k.startswith("ent|")]
    for view in (format_table(report), format_markdown(report)):
        assert "tasks scored: entities (default" in view
        assert "Trigger" not in view and "Claim" not in view and "## Events" not in view


def test_missing_predictions_are_still_errors_named_by_line_and_pointer(tmp_path, seed_doc, span_of) -> None:
    meet = span_of("meet")
    path = tmp_path / "run.jsonl"
    write_lines(
        path,
        {"document_id": "not-scored"},
        {
            "document_id": seed_doc.id,
            "mentions": [{"start": 0, "end": 5}],  # no type
            "events": [
                {"type": "Contact:Meet", "trigger": {"start": meet.start, "end": meet.end}}
            ],  # no realis
            "claims": [
                {"content": {"start": meet.start, "end": meet.end}, "form": "direct", "stance": "affirm"}
            ],
        },
    )
    preds = read_predictions(path, {seed_doc.id: seed_doc})
    errors = {(f.file, f.pointer, f.message) for f in preds.findings if f.severity == "error"}
    assert errors == {
        (f"{path}:2", "/mentions/0", "'type' is a required property"),
        (f"{path}:2", "/events/0", "'realis' is a required property"),
        (f"{path}:2", "/claims/0", "'claimer_status' is a required property"),
    }
    event = preds.annotations[seed_doc.id].events[0]
    assert event.trigger == meet and event.arguments == ()  # the trigger's text and the arguments defaulted


def test_defaults_fill_only_absent_keys_and_never_change_the_line(seed_doc) -> None:
    line = {
        "document_id": seed_doc.id,
        "mentions": [
            {"start": 0, "end": 5, "type": "GPE"},
            {"id": "m1", "start": 8, "end": 13, "type": "GPE", "kind": "nominal", "text": "given"},
            {"id": None, "start": 14, "end": 20, "type": "GPE"},
        ],
        "clusters": [{"mentions": ["m1", "m2"]}],
        "claims": [
            {"content": {"start": 0, "end": 5}, "claimer": "m1", "form": "direct", "stance": "affirm"}
        ],
        "events": [],
    }
    before = copy.deepcopy(line)
    out = complete(line, seed_doc)
    assert line == before  # the line itself is untouched
    first, given, null = out["mentions"]
    assert first["id"] == "m2" and first["text"] == seed_doc.text[0:5]  # m1 is taken: the next free id
    assert given == before["mentions"][1]  # what the line says stays, even a text that differs
    assert null["id"] is None  # null is reported by the validator, not replaced
    assert out["clusters"] == [{"mentions": ["m1", "m2"], "id": "c1", "name": "", "type": "GPE"}]
    claim = out["claims"][0]
    assert (claim["cue"], claim["claimer_status"], claim["events"]) == (None, "mention", [])
    assert (out["schema_version"], out["text_sha256"]) == ("1.0", seed_doc.text_sha256)


@pytest.mark.parametrize(
    ("items", "named", "expected"),
    [
        ({"mentions": 3, "events": 0, "claims": 0}, {"mentions", "events", "claims"}, ("entities",)),
        ({"events": 2, "claims": 1}, {"events", "claims"}, ("events", "claims")),
        ({"mentions": 0}, {"mentions", "claims"}, ("entities", "claims")),  # nothing predicted anywhere
        ({}, set(), ("entities", "events", "claims")),  # no line names a layer
    ],
)
def test_default_tasks_are_the_layers_with_predictions(items, named, expected) -> None:  # type: ignore[no-untyped-def]
    assert default_tasks(items, named)[0] == expected


def test_requested_tasks_are_checked_and_ordered() -> None:
    from newsgold.bench.predictions import Predictions

    assert choose_tasks(Predictions(), ["claims", "entities"]) == (("entities", "claims"), "as requested")
    with pytest.raises(TaskError, match="'entity'"):
        choose_tasks(Predictions(), ["entity"])


def test_a_run_on_fewer_tasks_compares_with_a_run_on_more(tmp_path, seed_doc, mention, annotation) -> None:
    tokyo = mention("m1", "TOKYO", "GPE")
    gold = Gold("test", tmp_path, {seed_doc.id: seed_doc}, {seed_doc.id: annotation(mentions=(tokyo,))})
    full, minimal = tmp_path / "full.jsonl", tmp_path / "minimal.jsonl"
    write_lines(full, {**annotation(mentions=(tokyo,)).to_dict(), "events": [], "claims": []})
    write_lines(minimal, {"document_id": seed_doc.id, "mentions": [tokyo.to_dict()]})
    from newsgold.bench.scorer import TASKS, Settings

    everything, _ = benchmark(
        gold,
        read_predictions(full, gold.documents),
        {"kind": "predictions", "name": "full"},
        Settings(tasks=TASKS),
        20,
    )
    entities, _ = benchmark(
        gold, read_predictions(minimal, gold.documents), {"kind": "predictions", "name": "m"}, replicates=20
    )
    assert entities["settings"]["tasks"] == ["entities"]
    comparison = compare_reports(everything, entities, replicates=20)
    assert set(comparison["differences"]) == set(entities["figures"])
    from newsgold.bench.run import CompareError

    with pytest.raises(CompareError, match=r"settings\.tasks"):
        compare_reports(entities, everything, replicates=20)  # the earlier run has no events or claims


def test_the_defaults_table_of_the_docs_is_the_one_in_the_code() -> None:
    docs = (paths.project_root() / "docs" / "bench.md").read_text(encoding="utf-8")
    table = re.search(
        r"\| field \(JSON Pointer\) \| default when the key is absent \|\n\|---\|---\|\n((?:\|.*\n)+)", docs
    )
    assert table, "docs/bench.md: the defaults table is missing"
    rows = [line.split(" | ", 1) for line in table.group(1).strip().splitlines()]
    documented = [(cells[0].strip("| "), cells[1].rstrip(" |")) for cells in rows]
    expected = [
        (", ".join(f"`{p.strip()}`" for p in pointer.split(",")), default) for pointer, default in DEFAULTS
    ]
    assert documented == expected


def test_the_minimal_line_of_the_docs_scores_cleanly(tmp_path, seed_doc) -> None:
    docs = (paths.project_root() / "docs" / "bench.md").read_text(encoding="utf-8")
    line = json.loads(re.search(r"smallest line is\n\n```json\n(.*?)\n```", docs, re.S).group(1))
    assert set(line) == {"document_id", "mentions"}
    path = tmp_path / "run.jsonl"
    write_lines(path, {**line, "document_id": seed_doc.id})
    preds = read_predictions(path, {seed_doc.id: seed_doc})
    assert preds.findings == [] and len(preds.annotations[seed_doc.id].mentions) == len(line["mentions"])
    assert dataclasses.asdict(preds.annotations[seed_doc.id].mentions[0])["text"] == seed_doc.text[0:5]


def test_a_line_in_the_full_format_is_only_looked_at(seed_doc) -> None:
    from newsgold.io import read_json

    gold = read_json(paths.gold_dir() / f"{seed_doc.id}.json")
    out = complete(gold, seed_doc)
    assert out == gold
    for layer in ("mentions", "clusters", "events", "claims"):
        assert out[layer] is gold[layer]  # nothing to fill: not even a copy of the list
