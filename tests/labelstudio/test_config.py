import xml.etree.ElementTree as ET

from newsgold.cli import main
from newsgold.labels import inventory
from newsgold.labelstudio import config as C


def _tree():
    return ET.fromstring(C.generate())


def test_committed_config_is_up_to_date():
    assert C.config_path().read_text(encoding="utf-8") == C.generate(), "run: newsgold ls config --write"


def test_check_command_reports_drift(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "labelstudio.xml"
    stale.write_text(C.generate().replace("PERSON", "PEOPLE"), encoding="utf-8")
    monkeypatch.setattr(C, "config_path", lambda: stale)
    assert main(["ls", "config", "--check"]) == 1
    assert main(["ls", "config", "--write"]) == 0
    assert stale.read_text(encoding="utf-8") == C.generate()
    assert main(["ls", "config", "--check"]) == 0


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


def test_per_region_controls_are_shown_for_their_labels_control():
    tree = _tree()
    labels_names = {el.get("name") for el in tree.iter("Labels")}
    for view in tree.iter("View"):
        if view.get("visibleWhen") == "region-selected":
            assert view.get("whenTagName") in labels_names  # the Labels name, not the Text name
            for ctl in view:
                assert ctl.get("perRegion") == "true"


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
