"""Record the Label Studio export fixtures from a real server, and derive the broken ones from them.

    LABEL_STUDIO_URL=... LABEL_STUDIO_API_KEY=... python tests/labelstudio/record_fixtures.py

Not a test: it rewrites ``tests/labelstudio/fixtures/export_*.json``. The recorded exports are the
server's own bytes (parsed and re-serialized canonically); the broken exports are those recordings
with one defect each, named after the finding they must produce.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from pathlib import Path

from checkout import SEED_ID as SEED
from newsgold.convert.utf16 import span_to_utf16
from newsgold.io import dumps, read_annotation, read_document
from newsgold.labelstudio.client import connect, pull, push
from newsgold.labelstudio.config import generate
from newsgold.labelstudio.tasks import Prediction, document_task

HERE = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def record() -> None:
    client = connect()
    seed_doc = read_document(ROOT / "corpus" / "documents" / f"{SEED}.json")
    emoji_doc = read_document(HERE / "corpus" / "documents" / "emoji-sample.json")
    seed = read_annotation(HERE / "seed_constructed.json")
    emoji = read_annotation(HERE / "emoji_annotation.json")
    title = f"newsgold fixtures {int(time.time())}"
    tasks = [
        document_task(seed_doc, [seed], [Prediction(seed, "fixture-model-1", 0.75)]),
        document_task(emoji_doc, [emoji]),
    ]
    result = push(client, title, tasks, generate())
    export = pull(client, result.project_id)
    by_doc = {t["data"]["document_id"]: t for t in export}
    (HERE / "export_seed.json").write_bytes(dumps([by_doc[SEED]]))
    (HERE / "export_emoji.json").write_bytes(dumps([by_doc["emoji-sample"]]))
    client.projects.delete(result.project_id)


def derive() -> None:
    seed = json.loads((HERE / "export_seed.json").read_text(encoding="utf-8"))
    emoji = json.loads((HERE / "export_emoji.json").read_text(encoding="utf-8"))

    # UTF-16 offsets: what a JavaScript client counting String.length would have sent.
    utf16 = copy.deepcopy(emoji)
    text = utf16[0]["data"]["text"]
    for r in utf16[0]["annotations"][0]["result"]:
        v = r.get("value", {})
        if "start" in v:
            v["start"], v["end"] = span_to_utf16(text, v["start"], v["end"])
    (HERE / "export_utf16_offsets.json").write_bytes(dumps(utf16))

    def broken(name: str, change) -> None:  # type: ignore[no-untyped-def]
        data = copy.deepcopy(seed)
        data[0].pop("predictions", None)
        change(data[0], data[0]["annotations"][0]["result"])
        (HERE / f"broken_{name}.json").write_bytes(dumps(data))

    def first(result, **match):  # type: ignore[no-untyped-def]
        return next(r for r in result if all(r.get(k) == v for k, v in match.items()))

    broken(
        "ls-unknown-control", lambda t, res: first(res, id="m1", from_name="entity").update(from_name="ner")
    )
    broken(
        "ls-unknown-label",
        lambda t, res: first(res, id="m1", from_name="entity")["value"].update(labels=["NATION"]),
    )
    broken(
        "ls-dangling-relation", lambda t, res: first(res, type="relation", from_id="e1").update(to_id="m99")
    )
    broken(
        "ls-relation-not-allowed",
        lambda t, res: first(res, type="relation", from_id="e1", to_id="m4").update(labels=["Victim"]),
    )
    broken(
        "ls-span-text-mismatch",
        lambda t, res: [
            r["value"].update(start=r["value"]["start"] + 1, end=r["value"]["end"] + 1)
            for r in res
            if r.get("id") == "m16"
        ],
    )
    broken("ls-missing-attribute", lambda t, res: res.remove(first(res, id="e1", from_name="realis")))
    broken(
        "ls-task-hash-mismatch",
        lambda t, res: t["data"].update(text=t["data"]["text"].replace("Sept. 26", "Sept. 27", 1)),
    )
    (HERE / "broken_ls-malformed-export.json").write_bytes(dumps(seed)[:-200])


if __name__ == "__main__":
    if "--derive-only" not in sys.argv:
        record()
    derive()
    print(f"fixtures written to {HERE}")
