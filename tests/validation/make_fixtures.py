"""Write the validation fixtures: ``_valid/``, a tiny valid corpus, and one folder per finding code.

Each ``<code>/`` folder is the valid corpus with one change that must produce findings of that code
and no other. The fixture files are committed; rerun this after changing the base or a mutation:

    .venv/bin/python tests/validation/make_fixtures.py
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from newsgold.ingest import build_document
from newsgold.io import dumps

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

Files = dict[str, bytes]


def base() -> tuple[dict, dict]:
    """The valid document and its gold annotation."""
    doc = build_document(Path(f"000_{DOC_ID}.txt"), RAW, DOC_ID, f"corpus/raw/{DOC_ID}.txt").to_dict()
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
        files[GOLD] = change(files[GOLD])
        return files

    return make


def _non_nfc() -> Files:
    doc, _ = base()
    doc["text"] += " Cafe\u0301 talk."
    doc["paragraphs"][-1]["end"] = len(doc["text"])
    doc["text_sha256"] = sha(doc["text"])
    return corpus(doc, None)


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
    "wrong-encoding": _latin1,
    "bom": _bytes(lambda b: b"\xef\xbb\xbf" + b),
    "schema-violation": _edit(_set("ann.mentions.0.confidence", 0.9)),
    "unknown-label": _edit(_set("ann.events.0.realis", "likely")),
    "non-nfc-text": _non_nfc,
    "document-hash-mismatch": _edit(_set("doc.text_sha256", sha("another text"))),
    "paragraph-offsets": _edit(_swap_paragraphs),
    "unsafe-document-id": _unsafe_id,
    "raw-file-missing": lambda: corpus(*base(), raw=None),
    "raw-checksum-mismatch": lambda: corpus(*base(), raw=RAW + b"\nappended line\n"),
    "unsafe-raw-path": _unsafe_raw_path,
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


def write(folder: Path, files: Files) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> int:
    write(HERE / "_valid", corpus(*base()))
    for code, make in FIXTURES.items():
        write(HERE / code, make())
    print(f"wrote {len(FIXTURES)} fixtures and _valid/ under {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
