import json
from dataclasses import replace
from pathlib import Path

import pytest

from checkout import SEED_ID as SEED
from newsgold.adjudicate import AdjudicationError, Decision, adjudicate, items
from newsgold.cli import main
from newsgold.io import read_annotation, write_annotation

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def pair(root):
    a = replace(read_annotation(FIXTURES / "seed_constructed.json"), annotator="ann1")
    m3 = a.mentions[2]
    b = replace(
        a,
        annotator="ann2",
        mentions=tuple(replace(m, kind="name") if m is m3 else m for m in a.mentions if m.id != "m15"),
        events=tuple(replace(e, realis="actual") if e.id == "e3" else e for e in a.events),
        claims=tuple(c for c in a.claims if c.id != "cl3"),
    )
    pa = root / "annotations" / "annotators" / "ann1" / f"{SEED}.json"
    pb = root / "annotations" / "annotators" / "ann2" / f"{SEED}.json"
    write_annotation(pa, a)
    write_annotation(pb, b)
    return a, b, pa, pb


def _keys(a):
    m3, m15 = a.mentions[2], a.mentions[14]
    e3 = a.events[2]
    cl3 = a.claims[2]
    return {
        "m3": f"mention {m3.start}-{m3.end}",
        "m15": f"mention {m15.start}-{m15.end}",
        "e3": f"event {e3.trigger.start}-{e3.trigger.end}",
        "cl3": f"claim {cl3.content.start}-{cl3.content.end}",
    }


def test_identical_annotations_with_other_ids_agree_fully(pair):
    a, _, _, _ = pair
    renamed = {m.id: f"x{i}" for i, m in enumerate(a.mentions)}
    b = replace(
        a,
        annotator="ann2",
        mentions=tuple(replace(m, id=renamed[m.id]) for m in a.mentions),
        clusters=tuple(replace(c, mentions=tuple(renamed[x] for x in c.mentions)) for c in a.clusters),
        events=tuple(
            replace(
                e,
                arguments=tuple(
                    replace(x, mention=renamed.get(x.mention)) if x.mention else x for x in e.arguments
                ),
            )
            for e in a.events
        ),
        claims=tuple(replace(c, claimer=renamed.get(c.claimer) if c.claimer else None) for c in a.claims),
    )
    out = adjudicate([a, b])
    assert out.disagreements == []
    assert out.merged is not None
    assert {k: v.value for k, v in items(out.merged).items()} == {k: v.value for k, v in items(a).items()}
    assert [m.id for m in out.merged.mentions] == [f"m{i}" for i in range(1, len(a.mentions) + 1)]


def test_disagreements_are_found_by_content(pair):
    a, b, _, _ = pair
    out = adjudicate([a, b])
    k = _keys(a)
    assert sorted(d.key for d in out.disagreements) == sorted(k.values())
    assert out.merged is None and len(out.undecided) == 4
    d = next(d for d in out.disagreements if d.key == k["m15"])
    assert d.versions["ann2"] is None and d.versions["ann1"]["text"] == "Thursday"


def test_decisions_merge(pair):
    a, b, _, _ = pair
    k = _keys(a)
    decisions = {
        k["m3"]: Decision("ann1"),
        k["m15"]: Decision("none"),
        k["e3"]: Decision("ann2"),
        k["cl3"]: Decision("ann1"),
    }
    out = adjudicate([a, b], decisions)
    m = out.merged
    assert m is not None and m.annotator == "gold"
    assert len(m.mentions) == len(a.mentions) - 1
    assert (
        next(x for x in m.mentions if x.text == "foreign ministers" and x.start == a.mentions[2].start).kind
        == "nominal"
    )
    assert [e.realis for e in m.events] == ["planned", "planned", "actual"]
    assert len(m.claims) == 3


def test_inconsistent_decision_is_refused(pair):
    a, b, _, _ = pair
    k = _keys(a)
    with pytest.raises(AdjudicationError, match="not one of"):
        adjudicate([a, b], {k["m3"]: Decision("ann3")})
    with pytest.raises(AdjudicationError, match="has no such item"):
        adjudicate([a, b], {k["m15"]: Decision("ann2")})
    everything = {
        k["m3"]: Decision("none"),
        k["m15"]: Decision("none"),
        k["e3"]: Decision("ann2"),
        k["cl3"]: Decision("ann1"),
    }
    with pytest.raises(AdjudicationError, match="leave out"):  # e1 has m3 as an argument
        adjudicate([a, b], everything)


def test_command_stops_on_undecided_then_writes_gold_and_log(root, pair, capsys):
    a, _, pa, pb = pair
    gold = root / "annotations" / "gold" / f"{SEED}.json"
    log = root / "annotations" / "adjudication" / f"{SEED}.md"
    assert main(["adjudicate", str(pa), str(pb)]) == 1
    err = capsys.readouterr().err
    assert "4 disagreement(s) without a decision" in err
    assert not gold.exists() and not log.exists()

    template = root / "decisions.json"
    assert main(["adjudicate", str(pa), str(pb), "--template", str(template)]) == 0
    data = json.loads(template.read_text(encoding="utf-8"))
    assert len(data["decisions"]) == 4 and all(d["choose"] is None for d in data["decisions"].values())
    assert main(["adjudicate", str(pa), str(pb), "--decisions", str(template)]) == 1  # still undecided

    k = _keys(a)
    choice = {k["m3"]: "ann1", k["m15"]: "none", k["e3"]: "ann2", k["cl3"]: "ann1"}
    for key, d in data["decisions"].items():
        d["choose"] = choice[key]
        d["note"] = f"note for {key}"
    template.write_text(json.dumps(data), encoding="utf-8")
    assert main(["adjudicate", str(pa), str(pb), "--decisions", str(template)]) == 0
    merged = read_annotation(gold)
    assert merged.annotator == "gold" and len(merged.mentions) == len(a.mentions) - 1
    record = log.read_text(encoding="utf-8")
    for key in choice:
        assert f"### `{key}`" in record and f"note for {key}" in record
    assert "ann2: (absent)" in record and "replaced" not in record

    # gold is never overwritten silently
    assert main(["adjudicate", str(pa), str(pb), "--decisions", str(template)]) == 1
    assert main(["adjudicate", str(pa), str(pb), "--decisions", str(template), "--replace"]) == 0
    assert "replaced the existing gold file" in log.read_text(encoding="utf-8")


def test_inputs_of_different_documents_are_refused(root, pair, tmp_path, capsys):
    a, _, pa, _ = pair
    other = tmp_path / "other.json"
    write_annotation(other, replace(a, annotator="ann3", document_id="emoji-sample"))
    assert main(["adjudicate", str(pa), str(other)]) == 1
    assert "annotates" in capsys.readouterr().err


def _decided(root, a):
    k = _keys(a)
    choice = {k["m3"]: "ann1", k["m15"]: "none", k["e3"]: "ann2", k["cl3"]: "ann1"}
    path = root / "decisions.json"
    path.write_text(
        json.dumps({"document_id": SEED, "decisions": {key: {"choose": c} for key, c in choice.items()}}),
        encoding="utf-8",
    )
    return path


def test_unreadable_input_is_named(root, pair, tmp_path, capsys):
    _, _, pa, _ = pair
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["adjudicate", str(pa), str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err
    assert main(["adjudicate", str(pa), str(tmp_path / "missing.json")]) == 2
    assert str(tmp_path / "missing.json") in capsys.readouterr().err


def test_gold_and_record_are_written_together_or_not_at_all(root, pair, tmp_path, capsys):
    a, _, pa, pb = pair
    decisions = _decided(root, a)
    log = tmp_path / "record.md"
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    base = ["adjudicate", str(pa), str(pb), "--decisions", str(decisions), "--log", str(log)]

    # the gold folder cannot be made: nothing at all is written
    assert main([*base, "--out", str(a_file / "gold")]) == 2
    err = capsys.readouterr().err
    assert str(a_file / "gold" / f"{SEED}.json") in err and "Traceback" not in err
    assert not log.exists()

    # the gold cannot be renamed into place after the record was: the record is put back as it was
    log.write_text("the earlier record\n", encoding="utf-8")
    out = tmp_path / "gold"
    (out / f"{SEED}.json").mkdir(parents=True)  # a folder where the gold file should go
    assert main([*base, "--out", str(out), "--replace"]) == 2
    assert log.read_text(encoding="utf-8") == "the earlier record\n"
    assert [p.name for p in log.parent.iterdir() if p.name.endswith(".tmp")] == []
    log.unlink()
    assert main([*base, "--out", str(out), "--replace"]) == 2
    assert not log.exists()

    (out / f"{SEED}.json").rmdir()
    assert main([*base, "--out", str(out)]) == 0
    assert read_annotation(out / f"{SEED}.json").annotator == "gold" and log.is_file()


# --- corrections of agreed items, the adjudicator's name, id order --------------------------------


def _event_value(a, e):
    spans = {m.id: f"{m.start}-{m.end}" for m in a.mentions}
    args = [
        [x.role, f"mention {spans[x.mention]}" if x.mention else f"span {x.span.start}-{x.span.end}"]
        for x in e.arguments
    ]
    return {"text": e.trigger.text, "type": e.type, "realis": e.realis, "arguments": args}


def _all_decided(a, b):
    k = _keys(a)
    return {
        k["m3"]: Decision("ann1"),
        k["m15"]: Decision("ann1"),
        k["e3"]: Decision("ann2"),
        k["cl3"]: Decision("none"),
    }


def test_an_agreed_event_can_be_corrected_with_a_note(pair):
    a, b, _, _ = pair
    e1 = a.events[0]
    value = _event_value(a, e1)
    value["realis"] = "hypothetical" if e1.realis != "hypothetical" else "actual"
    key = f"event {e1.trigger.start}-{e1.trigger.end}"
    decisions = {**_all_decided(a, b), key: Decision("adjudicator", "guidelines 3.3", value)}
    out = adjudicate([a, b], decisions)
    assert [d.key for d in out.corrections] == [key]
    assert key not in out.agreed
    merged = {e.trigger.start: e for e in out.merged.events}[e1.trigger.start]
    assert merged.realis == value["realis"]
    assert len(merged.arguments) == len(e1.arguments)


def test_a_correction_needs_a_version_and_a_note(pair, root):
    a, _, pa, pb = pair
    e1 = a.events[0]
    key = f"event {e1.trigger.start}-{e1.trigger.end}"
    for bad in (
        {"choose": "adjudicator", "note": "why"},
        {"choose": "adjudicator", "version": _event_value(a, e1)},
    ):
        path = root / "decisions.json"
        path.write_text(json.dumps({"decisions": {key: bad}}))
        assert main(["adjudicate", str(pa), str(pb), "--decisions", str(path)]) == 1
        assert not (root / "annotations" / "gold" / f"{SEED}.json").exists()


def test_decisions_for_unknown_items_stop_the_merge(pair, root, capsys):
    a, b, pa, pb = pair
    decisions = {k: {"choose": d.choose} for k, d in _all_decided(a, b).items()}
    decisions["event 1-2"] = {"choose": "ann1"}
    path = root / "decisions.json"
    path.write_text(json.dumps({"adjudicator": "Reviewer R", "decisions": decisions}))
    assert main(["adjudicate", str(pa), str(pb), "--decisions", str(path)]) == 1
    assert "event 1-2" in capsys.readouterr().err
    del decisions["event 1-2"]
    path.write_text(json.dumps({"adjudicator": "Reviewer R", "decisions": decisions}))
    assert main(["adjudicate", str(pa), str(pb), "--decisions", str(path)]) == 0
    log = (root / "annotations" / "adjudication" / f"{SEED}.md").read_text()
    assert "- Adjudicator: Reviewer R" in log


def test_merged_mentions_are_numbered_longer_span_first(pair):
    a, b, _, _ = pair
    merged = adjudicate([a, b], _all_decided(a, b)).merged
    order = [(m.start, -m.end) for m in merged.mentions]
    assert order == sorted(order)
    assert [m.id for m in merged.mentions] == [f"m{i}" for i in range(1, len(order) + 1)]


def test_an_agreed_claim_can_be_corrected(pair):
    """A claimer that breaks the choice rule in both inputs is corrected like an event."""
    a, b, _, _ = pair
    c1 = next(c for c in a.claims if c.claimer is not None)
    spans = {m.id: f"{m.start}-{m.end}" for m in a.mentions}
    other = next(m for m in a.mentions if m.id != c1.claimer and m.type == "PERSON")
    key = f"claim {c1.content.start}-{c1.content.end}"
    value = items(a)[key].value | {"claimer": spans[other.id], "stance": "uncertain"}
    out = adjudicate([a, b], {**_all_decided(a, b), key: Decision("adjudicator", "guidelines 3.4", value)})
    assert [d.key for d in out.corrections] == [key]
    merged = {c.content.start: c for c in out.merged.claims}[c1.content.start]
    by_id = {m.id: m for m in out.merged.mentions}
    assert (by_id[merged.claimer].start, by_id[merged.claimer].end) == (other.start, other.end)
    assert merged.stance == "uncertain" and merged.cue == c1.cue
    with pytest.raises(AdjudicationError, match="used by no input"):
        adjudicate(
            [a, b], {**_all_decided(a, b), key: Decision("adjudicator", "why", value | {"cue": "0-1"})}
        )


def test_two_mentions_on_one_span_are_kept_apart(pair):
    """A CARDINAL and a nominal PERSON on the same span (guidelines 5.4) get keys with their kind."""
    a, b, _, _ = pair
    m1 = a.mentions[0]
    twin = replace(
        m1,
        id="m999",
        type="CARDINAL" if m1.type != "CARDINAL" else "PERSON",
        kind="nominal" if m1.kind == "name" else "name",
    )
    a2, b2 = replace(a, mentions=(*a.mentions, twin)), replace(b, mentions=(*b.mentions, twin))
    keys = set(items(a2, None))
    assert {f"mention {m1.start}-{m1.end}/{m1.kind}", f"mention {m1.start}-{m1.end}/{twin.kind}"} <= keys
    out = adjudicate([a2, b2], _all_decided(a2, b2) | {})
    at = [m for m in out.merged.mentions if (m.start, m.end) == (m1.start, m1.end)]
    assert sorted(m.kind for m in at) == sorted([m1.kind, twin.kind])
    assert len({m.id for m in out.merged.mentions}) == len(out.merged.mentions)


def test_an_agreed_item_can_be_left_out_and_a_cluster_renamed_with_a_note(pair):
    a, b, _, _ = pair
    its = items(a)
    cluster_key = next(k for k in its if k.startswith("cluster "))
    lone = next(
        m
        for m in a.mentions
        if all(m.id not in c.mentions for c in a.clusters)
        and all(m.id != x.mention for e in a.events for x in e.arguments)
        and all(m.id != c.claimer for c in a.claims)
    )
    lone_key = f"mention {lone.start}-{lone.end}"
    renamed = its[cluster_key].value | {"name": "a new name"}
    decisions = {
        **_all_decided(a, b),
        lone_key: Decision("none", "generic (guidelines 5.7.6)"),
        cluster_key: Decision("adjudicator", "guidelines 5.7.10", renamed),
    }
    out = adjudicate([a, b], decisions)
    assert {d.key for d in out.corrections} == {lone_key, cluster_key}
    assert (lone.start, lone.end) not in {(m.start, m.end) for m in out.merged.mentions}
    assert "a new name" in {c.name for c in out.merged.clusters}
    with pytest.raises(AdjudicationError, match="needs a 'note'"):
        adjudicate([a, b], {**_all_decided(a, b), lone_key: Decision("none")})


def test_a_mention_and_a_cluster_no_input_has_can_be_added(pair):
    a, b, _, _ = pair
    taken = {(m.start, m.end) for m in a.mentions}
    m1 = a.mentions[0]
    free = next((m1.start, e) for e in range(m1.end - 1, m1.start, -1) if (m1.start, e) not in taken)
    lone = next(
        m
        for m in a.mentions
        if all(m.id not in c.mentions for c in a.clusters) and m.id != m1.id and m.kind != "name"
    )
    key = f"mention {free[0]}-{free[1]}"
    added = {"text": "x" * (free[1] - free[0]), "type": m1.type, "kind": "nominal", "normalized": None}
    cluster_key = f"cluster {free[0]}-{free[1]},{lone.start}-{lone.end}"
    decisions = {
        **_all_decided(a, b),
        key: Decision("adjudicator", "missed by both (5.7.3)", added),
        cluster_key: Decision("adjudicator", "same entity (2.5)", {"type": m1.type, "name": "n"}),
    }
    out = adjudicate([a, b], decisions)
    assert {key, cluster_key} <= {d.key for d in out.corrections} and out.unused_decisions == []
    by_span = {(m.start, m.end): m.id for m in out.merged.mentions}
    assert free in by_span
    cluster = next(c for c in out.merged.clusters if c.name == "n")
    assert set(cluster.mentions) == {by_span[free], by_span[(lone.start, lone.end)]}


def test_the_record_states_additions_and_left_out_agreed_items(pair, root):
    from newsgold.adjudicate import render_log

    a, b, _, _ = pair
    taken = {(m.start, m.end) for m in a.mentions}
    m1 = a.mentions[0]
    free = next((m1.start, e) for e in range(m1.end - 1, m1.start, -1) if (m1.start, e) not in taken)
    lone = next(
        m
        for m in a.mentions
        if all(m.id not in c.mentions for c in a.clusters)
        and all(m.id != x.mention for e in a.events for x in e.arguments)
        and all(m.id != c.claimer for c in a.claims)
    )
    added = {"text": "x", "type": m1.type, "kind": "nominal", "normalized": None}
    decisions = {
        **_all_decided(a, b),
        f"mention {free[0]}-{free[1]}": Decision("adjudicator", "missed", added),
        f"mention {lone.start}-{lone.end}": Decision("none", "generic"),
    }
    log = render_log(adjudicate([a, b], decisions), [("ann1", "0"), ("ann2", "1")], None, "gold.json", False)
    assert "- added: " in log and "(missed)" in log and "- left out (generic)" in log
