import xml.etree.ElementTree as ET

import pytest

from newsgold.cli import main
from newsgold.labels import inventory
from newsgold.labelstudio import config as C


def _tree(layout="all"):
    return ET.fromstring(C.generate(layout=layout))


@pytest.mark.parametrize("layout", C.LAYOUTS)
def test_committed_config_is_up_to_date(layout):
    assert C.config_path(layout).read_text(encoding="utf-8") == C.generate(layout=layout), (
        "run: newsgold ls config --write"
    )


def test_each_layout_has_a_file_of_its_own():
    names = [C.config_path(layout).name for layout in C.LAYOUTS]
    assert names[0] == "labelstudio.xml" and len(set(names)) == len(C.LAYOUTS)


@pytest.mark.parametrize("layout", C.LAYOUTS)
def test_check_command_reports_drift(layout, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(C, "config_path", lambda layout="all": tmp_path / C.filename(layout))
    assert main(["ls", "config", "--write"]) == 0
    stale = tmp_path / C.filename(layout)
    stale.write_text(C.generate(layout=layout).replace('value="$text"', 'value="$body"'), encoding="utf-8")
    capsys.readouterr()
    assert main(["ls", "config", "--check"]) == 1
    assert capsys.readouterr().err == f"stale: {stale} (run: newsgold ls config --write)\n"
    assert main(["ls", "config", "--write"]) == 0
    assert stale.read_text(encoding="utf-8") == C.generate(layout=layout)
    assert main(["ls", "config", "--check"]) == 0


def test_config_command_prints_the_layout_asked_for(capsys):
    assert main(["ls", "config", "--layout", "events"]) == 0
    assert capsys.readouterr().out == C.generate(layout="events")
    with pytest.raises(SystemExit) as exc:
        main(["ls", "config", "--layout", "sideways"])
    assert exc.value.code == 2


def test_every_inventory_label_is_in_the_config():
    inv = inventory()
    tree = _tree()
    labels = {el.get("name"): [c.get("value") for c in el] for el in tree.iter("Labels")}
    assert labels[C.ENTITY] == list(inv.entity_types)
    assert labels[C.EVENT] == list(inv.event_types)
    choices = {el.get("name"): [c.get("value") for c in el] for el in tree.iter("Choices")}
    assert choices[C.KIND] == list(inv.mention_kinds)
    assert choices[C.REALIS] == list(inv.realis)
    assert choices[C.FORM] == list(inv.claim_forms)
    assert choices[C.STANCE] == list(inv.stances)
    assert choices[C.CLAIMER_STATUS] == list(inv.claimer_statuses)
    rel = next(tree.iter("Relations"))
    assert rel.get("choice") == "multiple"
    assert [r.get("value") for r in rel] == list(inv.roles) + list(C.LINKS)


@pytest.mark.parametrize("layout", C.LAYOUTS)
def test_per_region_controls_are_shown_for_their_labels_control(layout):
    tree = _tree(layout)
    labels_names = {el.get("name") for el in tree.iter("Labels")}
    views = [v for v in tree.iter("View") if v.get("visibleWhen") == "region-selected"]
    assert views
    for view in views:
        assert view.get("whenTagName") in labels_names  # the Labels name, not the Text name
        for ctl in view:
            if ctl.tag != "Header":
                assert ctl.get("perRegion") == "true"


@pytest.mark.parametrize("layout", C.LAYOUTS)
def test_every_layout_has_the_controls_of_the_layers_it_carries(layout):
    """Label Studio drops results of controls a config lacks: each layout has all those of its layers,
    with the same labels as the inventory, and no others."""
    tree = _tree(layout)
    inv = inventory()
    ctl = C.controls(inv)
    carried = C.CARRIES[layout]
    want = {
        C.ENTITIES: {C.ENTITY, C.KIND, C.NORMALIZED, C.CLUSTER, C.CLUSTERS},
        C.EVENTS: {C.EVENT, C.REALIS, C.ARGUMENT},
        C.CLAIMS: {C.CLAIM, C.FORM, C.STANCE, C.CLAIMER_STATUS},
    }
    names = {el.get("name") for el in tree.iter() if el.get("toName") == C.TEXT and el.tag != "Filter"}
    expected = set().union(*(want[layer] for layer in carried))
    if C.EVENTS in carried or C.CLAIMS in carried:
        expected.add(C.RELATIONS)
    assert names == expected
    for el in tree.iter("Labels"):
        assert tuple(x.get("value") for x in el) == ctl.labels[el.get("name")]
    for el in tree.iter("Choices"):
        if el.get("name") == C.CLUSTER:
            assert el.get("value") == "$" + C.CLUSTER_OPTIONS and len(el) == 0
        else:
            assert tuple(x.get("value") for x in el) == ctl.choices[el.get("name")]
    for el in tree.iter("Relations"):
        got = [x.get("value") for x in el]
        needed = set(inv.roles) | (set(C.LINKS) if C.CLAIMS in carried else set())
        assert set(got) == needed and len(got) == len(needed)


@pytest.mark.parametrize("layout", ["entities", "events", "claims"])
def test_a_layer_layout_shows_only_its_layer_beside_the_text(layout):
    tree = _tree(layout)
    columns = tree.find("View")
    text_column, side = list(columns)
    assert [el.get("name") for el in text_column.iter("Text")] == [C.TEXT]
    assert "overflow-y: auto" in text_column.get("style") and "overflow-y: auto" in side.get("style")
    shown = {el.get("name") for el in side.iter("Labels")}
    assert (
        shown
        == {
            "entities": {C.ENTITY},
            "events": {C.EVENT, C.ARGUMENT},
            "claims": {C.CLAIM},
        }[layout]
    )
    hidden = [v for v in tree.findall("View") if v.get("style") == "display: none"]
    assert {el.get("name") for v in hidden for el in v.iter("Labels")} == (
        {el.get("name") for el in tree.iter("Labels")} - shown
    )
    # the region fields come first in the side column, so that they appear beside the text
    first = next(iter(side))
    assert first.tag == "View" and first.get("visibleWhen") == "region-selected"


def test_cluster_is_chosen_from_the_task_not_typed():
    for layout in C.LAYOUTS:
        (cluster,) = [el for el in _tree(layout).iter() if el.get("name") == C.CLUSTER]
        assert cluster.tag == "Choices" and cluster.get("layout") == "select"
        assert cluster.get("perRegion") == "true" and cluster.get("choice") == "multiple"


def test_config_follows_the_inventory(tmp_path):
    import json

    from newsgold.labels import load_inventory
    from newsgold.paths import schema_dir

    raw = json.loads((schema_dir() / "labels.json").read_text(encoding="utf-8"))
    raw["entity_types"].append({"name": "VEHICLE_X", "definition": "test"})
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert 'value="VEHICLE_X"' in C.generate(load_inventory(path))
    assert 'value="VEHICLE_X"' not in C.generate()
