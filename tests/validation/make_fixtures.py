"""Write the validation fixtures: ``_valid/``, a tiny valid corpus, and one folder per finding code.

Each ``<code>/`` folder of a validator code is the valid corpus with one change that must produce
findings of that code and no other. The folder of a reader code holds what that reader reads, built
from the same valid document and gold, with one change:

- ``prediction-*``: ``predictions.jsonl``, read by the benchmark against the documents of ``_valid/``;
- ``extractor-*``: an extractor module, run by the benchmark on those documents;
- ``ls-*``: ``export.json``, a Label Studio 1.23 JSON export imported against those documents.

A reader fixture that needs another document than the valid one carries it in its own
``corpus/documents/``. The fixture files are committed; rerun this after changing the base or a
mutation (it writes the same bytes every time):

    .venv/bin/python tests/validation/make_fixtures.py
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from newsgold.convert.utf16 import span_to_utf16
from newsgold.ingest import build_document
from newsgold.io import dumps
from newsgold.labelstudio.tasks import document_task
from newsgold.model import Annotation, Document

HERE = Path(__file__).resolve().parent
DOC_ID = "fixture-doc"
RAW = """print PRINT
INTERNATIONAL > East Asia & Pacific

Japan, South Korea to hold talks in New York
  • September 19, 2019
  • , Kyodo News , 9:31 p.m.

TOKYO — Japan and South Korea will hold talks in New York on Sept. 26, officials said Thursday.

“We hope to improve ties,” Foreign Minister Taro Kono told reporters.
""".encode()


class Link(NamedTuple):
    """A symbolic link to ``target`` (relative to the link's folder), written in place of a file."""

    target: str


Files = dict[str, bytes | Link]


def base(raw: bytes = RAW) -> tuple[dict, dict]:
    """The valid document and its gold annotation (of the raw page ``raw``, by default ``RAW``)."""
    doc = build_document(Path(f"000_{DOC_ID}.txt"), raw, DOC_ID, f"corpus/raw/{DOC_ID}.txt").to_dict()
    text = doc["text"]

    def span(s: str, nth: int = 0) -> dict:
        at = -1
        for _ in range(nth + 1):
            at = text.index(s, at + 1)
        return {"start": at, "end": at + len(s), "text": s}

    def mention(
        mid: str, s: str, typ: str, kind: str = "name", nth: int = 0, norm: str | None = None
    ) -> dict:
        return {"id": mid, **span(s, nth), "type": typ, "kind": kind, "normalized": norm}

    mentions = [
        mention("m1", "Japan", "GPE"),
        mention("m2", "South Korea", "GPE"),
        mention("m3", "New York", "GPE"),
        mention("m4", "TOKYO", "GPE"),
        mention("m5", "Japan", "GPE", nth=1),
        mention("m6", "South Korea", "GPE", nth=1),
        mention("m7", "New York", "GPE", nth=1),
        mention("m8", "Sept. 26", "DATE", norm="2019-09-26"),
        mention("m9", "officials", "PERSON", "nominal"),
        mention("m10", "Thursday", "DATE", norm="2019-09-19"),
        mention("m11", "We", "GPE", "pronoun"),
        mention("m12", "Foreign Minister Taro Kono", "PERSON", "nominal"),
        mention("m13", "Taro Kono", "PERSON"),
        mention("m14", "reporters", "PERSON", "nominal"),
    ]
    clusters = [
        {"id": "c1", "type": "GPE", "name": "Japan", "mentions": ["m1", "m5", "m11"]},
        {"id": "c2", "type": "GPE", "name": "South Korea", "mentions": ["m2", "m6"]},
        {"id": "c3", "type": "GPE", "name": "New York", "mentions": ["m3", "m7"]},
        {"id": "c4", "type": "PERSON", "name": "Taro Kono", "mentions": ["m12", "m13"]},
    ]
    events = [
        {
            "id": "e1",
            "type": "Contact:Meet",
            "trigger": span("talks"),
            "realis": "planned",
            "arguments": [
                {"role": "Entity", "mention": "m1"},
                {"role": "Entity", "mention": "m2"},
                {"role": "Place", "mention": "m3"},
            ],
        },
        {
            "id": "e2",
            "type": "Contact:Meet",
            "trigger": span("talks", 1),
            "realis": "planned",
            "arguments": [
                {"role": "Entity", "mention": "m5"},
                {"role": "Entity", "mention": "m6"},
                {"role": "Place", "mention": "m7"},
                {"role": "Time", "span": span("Sept. 26")},
            ],
        },
    ]
    claims = [
        {
            "id": "cl1",
            "content": span("Japan and South Korea will hold talks in New York on Sept. 26"),
            "cue": span("said"),
            "claimer": "m9",
            "claimer_status": "mention",
            "form": "indirect",
            "stance": "affirm",
            "events": ["e2"],
        },
        {
            "id": "cl2",
            "content": span("We hope to improve ties"),
            "cue": span("told"),
            "claimer": "m12",
            "claimer_status": "mention",
            "form": "direct",
            "stance": "affirm",
            "events": [],
        },
    ]
    ann = {
        "schema_version": "1.0",
        "document_id": DOC_ID,
        "text_sha256": doc["text_sha256"],
        "annotator": "gold",
        "mentions": mentions,
        "clusters": clusters,
        "events": events,
        "claims": claims,
    }
    return doc, ann


DOC = f"corpus/documents/{DOC_ID}.json"
RAW_FILE = f"corpus/raw/{DOC_ID}.txt"
GOLD = f"annotations/gold/{DOC_ID}.json"


def corpus(doc: dict | None, ann: dict | None, raw: bytes | None = RAW) -> Files:
    files: Files = {}
    if doc is not None:
        files[DOC] = dumps(doc)
    if raw is not None:
        files[RAW_FILE] = raw
    if ann is not None:
        files[GOLD] = dumps(ann)
    return files


def sha(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def _edit(change: Callable[[dict, dict], object]) -> Callable[[], Files]:
    def make() -> Files:
        doc, ann = base()
        change(doc, ann)
        return corpus(doc, ann)

    return make


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[], Files]:
    def make() -> Files:
        files = corpus(*base())
        gold = files[GOLD]
        assert isinstance(gold, bytes)
        files[GOLD] = change(gold)
        return files

    return make


def _non_nfc() -> Files:
    doc, _ = base()
    doc["text"] += " Cafe\u0301 talk."
    doc["paragraphs"][-1]["end"] = len(doc["text"])
    doc["text_sha256"] = sha(doc["text"])
    return corpus(doc, None)


def _control_character() -> Files:
    doc, _ = base()
    doc["text"] += " Officials \x1b[2Jsaid so."
    doc["paragraphs"][-1]["end"] = len(doc["text"])
    doc["text_sha256"] = sha(doc["text"])
    return corpus(doc, None)


def _segment_beyond_page(doc: dict, ann: dict) -> None:
    last = doc["provenance"]["segments"][-1]
    last[2] += len(RAW)
    last[3] += len(RAW)


def _latin1() -> Files:
    doc, ann = base()
    ann["annotator"] = "zoë"
    return {**corpus(doc, None), GOLD: dumps(ann).decode().encode("latin-1")}


def _cue(start_end: Callable[[dict, int], tuple[int, int, str]]) -> Callable[[], Files]:
    def change(doc: dict, ann: dict) -> None:
        cue = ann["claims"][0]["cue"]
        cue["start"], cue["end"], cue["text"] = start_end(cue, len(doc["text"]))

    return _edit(change)


def _add_mention(mid: str, s: str, typ: str, kind: str, offset_in: str) -> Callable[[], Files]:
    def change(doc: dict, ann: dict) -> None:
        at = doc["text"].index(offset_in) + offset_in.index(s)
        ann["mentions"].append(
            {
                "id": mid,
                "start": at,
                "end": at + len(s),
                "text": s,
                "type": typ,
                "kind": kind,
                "normalized": None,
            }
        )

    return _edit(change)


def _widen_m9(doc: dict, ann: dict) -> None:
    m9 = ann["mentions"][8]
    m9["end"] += 1
    m9["text"] = doc["text"][m9["start"] : m9["end"]]


def _swap_paragraphs(doc: dict, ann: dict) -> None:
    p = doc["paragraphs"]
    p[1], p[2] = p[2], p[1]


def _unsafe_id() -> Files:
    doc, _ = base()
    doc["id"] = "Fixture.Doc"
    return {"corpus/documents/Fixture.Doc.json": dumps(doc), RAW_FILE: RAW}


def _unsafe_raw_path() -> Files:
    doc, ann = base()
    doc["provenance"]["raw_path"] = "../outside.txt"
    return corpus(doc, ann, raw=None)


def _symlink_outside_root() -> Files:
    """The gold file is a link to the valid gold of ``_valid/``, a folder outside this corpus."""
    doc, _ = base()
    return {**corpus(doc, None), GOLD: Link(f"../../../_valid/{GOLD}")}


def _annotator() -> Files:
    doc, ann = base()
    other = copy.deepcopy(ann)
    other["annotator"] = "bob"
    return {**corpus(doc, ann), f"annotations/annotators/alice/{DOC_ID}.json": dumps(other)}


def _duplicate_document() -> Files:
    doc, ann = base()
    copy_ = copy.deepcopy(doc)
    copy_["id"] = f"{DOC_ID}-copy"
    return {**corpus(doc, ann), f"corpus/documents/{DOC_ID}-copy.json": dumps(copy_)}


def _duplicate_mention(doc: dict, ann: dict) -> None:
    ann["mentions"].append({**ann["mentions"][12], "id": "m15"})


def _duplicate_argument(doc: dict, ann: dict) -> None:
    ann["events"][0]["arguments"].append({"role": "Entity", "mention": "m1"})


def _singleton_cluster(doc: dict, ann: dict) -> None:
    ann["clusters"].append({"id": "c5", "type": "PERSON", "name": "reporters", "mentions": ["m14"]})


def _unadjudicated() -> Files:
    doc, ann = base()
    ann["annotator"] = "alice"
    return {**corpus(doc, None), f"annotations/annotators/alice/{DOC_ID}.json": dumps(ann)}


def _set(path: str, value: object) -> Callable[[dict, dict], None]:
    """Set a value in the annotation (``ann.x.y``) or the document (``doc.x.y``) by a dotted path."""

    def change(doc: dict, ann: dict) -> None:
        root, *keys = path.split(".")
        node: object = doc if root == "doc" else ann
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]  # type: ignore[index]
        last = keys[-1]
        node[int(last) if isinstance(node, list) else last] = value  # type: ignore[index]

    return change


FIXTURES: dict[str, Callable[[], Files]] = {
    "malformed-json": _bytes(lambda b: b[:-40]),
    "duplicate-key": _bytes(lambda b: b.replace(b'"start": 0,', b'"start": 0,\n      "start": 0,', 1)),
    "wrong-encoding": _latin1,
    "bom": _bytes(lambda b: b"\xef\xbb\xbf" + b),
    "schema-violation": _edit(_set("ann.mentions.0.confidence", 0.9)),
    "unknown-label": _edit(_set("ann.events.0.realis", "likely")),
    "non-nfc-text": _non_nfc,
    "control-character": _control_character,
    "segment-out-of-bounds": _edit(_segment_beyond_page),
    "integer-out-of-range": _edit(_set("doc.provenance.removed.2.last_line", 2**31)),
    "document-hash-mismatch": _edit(_set("doc.text_sha256", sha("another text"))),
    "paragraph-offsets": _edit(_swap_paragraphs),
    "unsafe-document-id": _unsafe_id,
    "raw-file-missing": lambda: corpus(*base(), raw=None),
    "raw-checksum-mismatch": lambda: corpus(*base(), raw=RAW + b"\nappended line\n"),
    "unsafe-raw-path": _unsafe_raw_path,
    "symlink-outside-root": _symlink_outside_root,
    "unreferenced-raw-file": lambda: {**corpus(*base()), "corpus/raw/stray.txt": b"a page nobody names\n"},
    "offset-out-of-bounds": _cue(lambda cue, n: (n + 5, n + 9, "")),
    "offset-reversed": _cue(lambda cue, n: (cue["end"], cue["start"], cue["text"])),
    "empty-span": _cue(lambda cue, n: (cue["start"], cue["start"], "")),
    "span-text-mismatch": _edit(_set("ann.mentions.0.text", "Japn")),
    "span-whitespace": _edit(_widen_m9),
    "overlapping-mentions": _add_mention("m15", "Korea", "GPE", "name", "South Korea"),
    "crossing-mentions": _add_mention("m15", "Minister Taro", "PERSON", "nominal", "Minister Taro Kono"),
    "duplicate-id": _edit(_set("ann.clusters.0.id", "m1")),
    "dangling-reference": _edit(_set("ann.events.0.arguments.0.mention", "m99")),
    "role-not-allowed": _edit(_set("ann.events.0.arguments.2.role", "Victim")),
    "duplicate-cluster-membership": _edit(_set("ann.clusters.1.mentions", ["m2", "m6", "m1"])),
    "cluster-type-mismatch": _edit(_set("ann.clusters.3.type", "ORG")),
    "claimer-status-mismatch": _edit(_set("ann.claims.0.claimer_status", "author")),
    "normalized-value": _edit(_set("ann.mentions.7.normalized", "Sept 26")),
    "text-hash-mismatch": _edit(_set("ann.text_sha256", sha("another text"))),
    "unpaired-annotation": lambda: corpus(None, base()[1], raw=None),
    "document-id-mismatch": _edit(_set("ann.document_id", "another-doc")),
    "annotator-mismatch": _annotator,
    "duplicate-document": _duplicate_document,
    "duplicate-mention": _edit(_duplicate_mention),
    "duplicate-argument": _edit(_duplicate_argument),
    "argument-filler-type": _edit(_set("ann.events.1.arguments.2.mention", "m8")),
    "singleton-cluster": _edit(_singleton_cluster),
    "claim-without-cue": _edit(_set("ann.claims.0.cue", None)),
    "claim-event-outside-content": _edit(_set("ann.claims.1.events", ["e1"])),
    "gold-annotator": _edit(_set("ann.annotator", "alice")),
    "unadjudicated-document": _unadjudicated,
}


# --- the benchmark's predictions reader: predictions.jsonl, read against the documents of _valid/ ---

PREDICTIONS = "predictions.jsonl"


def json_line(data: Any) -> bytes:
    return orjson.dumps(data) + b"\n"


def prediction(**changes: Any) -> dict:
    """The gold annotation as a system's prediction line, with ``changes`` to its top-level fields."""
    return {**base()[1], "annotator": "system", **changes}


def _predictions(*lines: Callable[[], bytes]) -> Callable[[], Files]:
    return lambda: {PREDICTIONS: b"".join(line() for line in lines)}


def _prediction_line(**changes: Any) -> Callable[[], bytes]:
    return lambda: json_line(prediction(**changes))


def _no_document_id() -> bytes:
    data = prediction()
    del data["document_id"]
    return json_line(data)


def _cut_short() -> bytes:
    return json_line(prediction())[:-40] + b"\n"


def _without_offsets(text: str | None = None) -> Callable[[], bytes]:
    """The prediction with mention m3 given by its text alone (``text``, if given, in place of its own)."""

    def make() -> bytes:
        data = prediction()
        m3 = data["mentions"][2]
        del m3["start"], m3["end"]
        if text is not None:
            m3["text"] = text
        return json_line(data)

    return make


def _copies_of_m1(n: int = 102) -> bytes:
    """The prediction with ``n`` copies of mention m1 (same span, type and kind; ids of their own)."""
    data = prediction()
    m1 = data["mentions"][0]
    data["mentions"] += [{**m1, "id": f"m{1000 + i}"} for i in range(n)]
    return json_line(data)


def _unreadable_item() -> bytes:
    data = prediction()
    data["clusters"].append("c5")
    return json_line(data)


# --- an extractor the benchmark runs: a module whose function fails on the document ---------------

EXTRACTOR = "failing_extractor.py"
EXTRACTOR_SOURCE = '''"""An extractor with a bug: it looks for a dateline the document does not have."""

from newsgold.model import Annotation, Document, Mention


def extract(document: Document) -> Annotation:
    start = document.text.index("WASHINGTON")  # not in the text: ValueError
    end = start + len("WASHINGTON")
    mention = Mention("m1", start, end, document.text[start:end], "GPE", "name")
    return Annotation(document.id, document.text_sha256, "system", mentions=(mention,))
'''


# --- the Label Studio import: export.json, in the shape Label Studio 1.23 exports -----------------

EXPORT = "export.json"
LS_CREATED = "2025-03-04T09:10:11.000000Z"
LS_UPDATED = "2025-03-04T10:20:30.000000Z"
ALICE = {"id": 1, "email": "alice@example.com", "first_name": "", "last_name": ""}
BOB = {"id": 2, "email": "bob@example.com", "first_name": "", "last_name": ""}


def ls_annotation(
    result: list, number: int = 1, user: dict = ALICE, updated_at: str = LS_CREATED, cancelled: bool = False
) -> dict:
    """One annotation of the task, with the fields Label Studio exports (fixed ids and times)."""
    return {
        "id": number,
        "completed_by": user,
        "result": result,
        "was_cancelled": cancelled,
        "ground_truth": False,
        "created_at": LS_CREATED,
        "updated_at": updated_at,
        "draft_created_at": None,
        "lead_time": 61.5,
        "prediction": {},
        "result_count": 0,
        "unique_id": f"00000000-0000-4000-8000-{number:012d}",
        "import_id": None,
        "last_action": None,
        "bulk_created": False,
        "task": 1,
        "project": 1,
        "updated_by": None,
        "parent_prediction": None,
        "parent_annotation": None,
        "last_created_by": None,
    }


def ls_task(data: dict, annotations: list[dict]) -> dict:
    """One exported task (``data`` as ``newsgold ls tasks`` writes it), with Label Studio's fields."""
    return {
        "id": 1,
        "annotations": annotations,
        "drafts": [],
        "predictions": [],
        "data": data,
        "meta": {},
        "created_at": LS_CREATED,
        "updated_at": LS_CREATED,
        "allow_skip": True,
        "inner_id": 1,
        "total_annotations": sum(not a["was_cancelled"] for a in annotations),
        "cancelled_annotations": sum(a["was_cancelled"] for a in annotations),
        "total_predictions": 0,
        "comment_count": 0,
        "unresolved_comment_count": 0,
        "last_comment_updated_at": None,
        "project": 1,
        "updated_by": None,
        "comment_authors": [],
    }


def ls_base(raw: bytes = RAW) -> tuple[dict, list[dict]]:
    """The task data and the ``result`` list of the valid gold, as ``newsgold ls tasks`` sends them."""
    doc, ann = base(raw)
    task = document_task(Document.from_dict(doc), [Annotation.from_dict(ann)])
    return task["data"], task["annotations"][0]["result"]


def _ls(change: Callable[[dict, list[dict]], object]) -> Callable[[], Files]:
    """An export of the one task, annotated by alice, after ``change(data, result)``."""

    def make() -> Files:
        data, result = ls_base()
        change(data, result)
        return {EXPORT: dumps([ls_task(data, [ls_annotation(result)])])}

    return make


def _results(result: list[dict], **match: object) -> list[dict]:
    return [r for r in result if all(r.get(k) == v for k, v in match.items())]


def _result(result: list[dict], **match: object) -> dict:
    (r,) = _results(result, **match)
    return r


def _shift_m13(data: dict, result: list[dict]) -> None:
    for r in _results(result, id="m13"):
        r["value"]["start"] += 1
        r["value"]["end"] += 1


def _ls_cut_short() -> Files:
    data, result = ls_base()
    return {EXPORT: dumps([ls_task(data, [ls_annotation(result)])])[:-200]}


# One character outside the Basic Multilingual Plane before the cue "told" and the mention
# "reporters", on which no other region depends: their UTF-16 offsets are one more than their code points.
RAW_ASTRAL = RAW.replace(b"Taro Kono told", "Taro Kono \U0001f4e3 told".encode())


def _ls_utf16() -> Files:
    """The export of a client that counts UTF-16 code units, with the document it annotates."""
    data, result = ls_base(RAW_ASTRAL)
    for r in result:
        value = r.get("value", {})
        if "start" in value:
            value["start"], value["end"] = span_to_utf16(data["text"], value["start"], value["end"])
    doc, _ = base(RAW_ASTRAL)
    return {EXPORT: dumps([ls_task(data, [ls_annotation(result)])]), DOC: dumps(doc)}


def _ls_cancelled() -> Files:
    data, result = ls_base()
    skipped = ls_annotation([], 2, BOB, cancelled=True)
    return {EXPORT: dumps([ls_task(data, [ls_annotation(result), skipped])])}


def _ls_duplicate() -> Files:
    data, result = ls_base()
    again = ls_annotation(copy.deepcopy(result), 2, ALICE, updated_at=LS_UPDATED)
    return {EXPORT: dumps([ls_task(data, [ls_annotation(result), again])])}


def _ls_layer_merge() -> Files:
    """An entities-only task whose annotator already has a file for the document that is no annotation:
    the events and claims it should keep cannot be read."""
    doc, ann = base()
    task = document_task(Document.from_dict(doc), [Annotation.from_dict(ann)], layout="entities")
    data, result = task["data"], task["annotations"][0]["result"]
    kept = f"annotators/alice/{doc['id']}.json"
    return {EXPORT: dumps([ls_task(data, [ls_annotation(result)])]), kept: b"not an annotation\n"}


READERS: dict[str, Callable[[], Files]] = {
    "prediction-malformed-line": _predictions(_prediction_line(), _cut_short),
    "prediction-no-document-id": _predictions(_prediction_line(), _no_document_id),
    "prediction-duplicate-document": _predictions(_prediction_line(), _prediction_line()),
    "prediction-not-scored": _predictions(_prediction_line(), _prediction_line(document_id="another-doc")),
    "prediction-missing-document": _predictions(),
    "prediction-span-located": _predictions(_without_offsets()),
    "prediction-span-unlocatable": _predictions(_without_offsets("Atlantis")),
    "prediction-unreadable-item": _predictions(_unreadable_item),
    "prediction-findings-truncated": _predictions(_copies_of_m1),
    "extractor-failed": lambda: {EXTRACTOR: EXTRACTOR_SOURCE.encode()},
    "ls-malformed-export": _ls_cut_short,
    "ls-unknown-document": _ls(lambda data, result: data.update(document_id="another-doc")),
    "ls-task-hash-mismatch": _ls(lambda data, result: data.update(text=data["text"].replace("26", "27"))),
    "ls-unknown-control": _ls(
        lambda data, result: _result(result, id="m1", from_name="entity").update(from_name="ner")
    ),
    "ls-unknown-label": _ls(
        lambda data, result: _result(result, id="m1", from_name="entity")["value"].update(labels=["NATION"])
    ),
    "ls-dangling-relation": _ls(
        lambda data, result: _result(result, type="relation", from_id="e1", to_id="m1").update(to_id="m99")
    ),
    "ls-relation-not-allowed": _ls(
        lambda data, result: _result(result, type="relation", from_id="e1", to_id="m3").update(
            labels=["Victim"]
        )
    ),
    "ls-span-text-mismatch": _ls(_shift_m13),
    "ls-utf16-offsets": _ls_utf16,
    "ls-missing-attribute": _ls(
        lambda data, result: result.remove(_result(result, id="e1", from_name="realis"))
    ),
    "ls-cancelled-annotation": _ls_cancelled,
    "ls-duplicate-annotation": _ls_duplicate,
    "ls-layer-merge": _ls_layer_merge,
}


def write(folder: Path, files: Files) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            os.symlink(data.target, path)
        else:
            path.write_bytes(data)


def write_all(dest: Path = HERE) -> int:
    """Write ``_valid/`` and one folder per finding code under ``dest``; the number of code folders."""
    write(dest / "_valid", corpus(*base()))
    fixtures = {**FIXTURES, **READERS}
    for code, make in fixtures.items():
        write(dest / code, make())
    return len(fixtures)


def main() -> int:
    count = write_all()
    print(f"wrote {count} fixtures and _valid/ under {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
