"""Validation throughput: ``newsgold validate`` against ``jsonschema.validate`` called per document.

Builds a temporary corpus of N copies of the seed document, each with a seed-sized gold annotation
(the real gold file when it exists, else a synthetic one with 114 mentions, 49 events and 15 claims
over the seed text) and its raw page, then measures in one run:

- annotation files: N files annotating the seed document, validated as ``newsgold validate FOLDER``
  does (parse, schema fast path, every semantic check against the document text);
- corpus: N documents, each with its annotation and raw page, validated as ``newsgold validate`` does
  (adds document checks, pairing and raw-page checksums);
- against parsing each file and calling ``jsonschema.validate`` on it (no semantic checks), over a
  sample of the files (it is ~30x slower) unless ``--baseline-sample 0``.

Prints documents per second for both and their ratio. Exits 1 if newsgold reports any finding, the
jsonschema baseline rejects a file, or the newsgold rate falls below ``--min-rate``.

    .venv/bin/python scripts/bench_validate.py --n 1000 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import orjson

from newsgold import paths
from newsgold.convert.tokens import tokenize
from newsgold.io import dumps, read_document, read_json
from newsgold.labels import inventory
from newsgold.model import Annotation, Argument, Claim, Cluster, Document, Event, Mention, Span

SEED_ID = "bc715259e8893656"


def synthetic_annotation(
    doc: Document, n_mentions: int = 114, n_events: int = 49, n_claims: int = 15
) -> dict:
    """A valid annotation of the seed's size over ``doc``: disjoint one-token mentions of every type and
    kind, clusters of up to three same-type mentions, events with allowed roles, claims over paragraphs."""
    inv = inventory()
    text = doc.text
    words = [t for t in tokenize(text) if t.text[0].isalnum()]
    mentions = []
    for i in range(n_mentions):
        tok = words[i * len(words) // n_mentions]
        etype = inv.entity_types[i % len(inv.entity_types)]
        kind = inv.mention_kinds[i % len(inv.mention_kinds)]
        normalized = "2019-09-26" if etype in inv.normalized_types else None
        mentions.append(Mention(f"m{i + 1}", tok.start, tok.end, tok.text, etype, kind, normalized))
    by_type: dict[str, list[str]] = {}
    for m in mentions:
        by_type.setdefault(m.type, []).append(m.id)
    clusters = [
        Cluster(f"c{len(by_type) * k + j + 1}", t, f"{t} entity {k}", tuple(ids[k * 3 : k * 3 + 3]))
        for j, (t, ids) in enumerate(sorted(by_type.items()))
        for k in range((len(ids) + 2) // 3)
    ]
    event_types = list(inv.event_types.values())
    events = []
    for i in range(n_events):
        et = event_types[i % len(event_types)]
        tok = words[(i * len(words) // n_events + 1) % len(words)]
        args = [
            Argument(role, mention=mentions[(i * 7 + k * 13) % n_mentions].id)
            for k, role in enumerate(et.roles[:3])
        ]
        if i % 5 == 0:
            extra = words[(i * 11 + 5) % len(words)]
            args.append(Argument(et.roles[-1], span=Span(extra.start, extra.end, extra.text)))
        events.append(
            Event(
                f"e{i + 1}",
                et.name,
                Span(tok.start, tok.end, tok.text),
                inv.realis[i % len(inv.realis)],
                tuple(args),
            )
        )
    body = [p for p in doc.paragraphs if p.kind != "headline"]
    claims = []
    for i in range(n_claims):
        p = body[i % len(body)]
        cue = next(t for t in tokenize(text, p.start, p.end) if t.text[0].isalnum())
        status = inv.claimer_statuses[i % len(inv.claimer_statuses)]
        claimer = mentions[i * 5 % n_mentions].id if status == "mention" else None
        claims.append(
            Claim(
                f"cl{i + 1}",
                Span.of(text, p.start, p.end),
                Span(cue.start, cue.end, cue.text),
                claimer,
                status,
                inv.claim_forms[i % len(inv.claim_forms)],
                inv.stances[i % len(inv.stances)],
                (f"e{i + 1}",),
            )
        )
    return Annotation(
        doc.id, doc.text_sha256, "synthetic", tuple(mentions), tuple(clusters), tuple(events), tuple(claims)
    ).to_dict()


def seed_pair() -> tuple[Document, dict, bytes, str]:
    """The seed document, its gold annotation (real or synthetic), its raw page and where it came from."""
    doc = read_document(paths.documents_dir() / f"{SEED_ID}.json")
    raw = (paths.project_root() / doc.provenance.raw_path).read_bytes()
    gold = paths.gold_dir() / f"{SEED_ID}.json"
    if gold.is_file():
        return doc, read_json(gold), raw, str(gold)
    return doc, synthetic_annotation(doc), raw, "synthetic (the gold file does not exist yet)"


def build_annotations(folder: Path, n: int, ann: dict) -> list[Path]:
    """``n`` copies of the annotation of the seed document, as files ``ann-000001.json``... in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = dumps(ann)
    files = [folder / f"ann-{k:06d}.json" for k in range(1, n + 1)]
    for f in files:
        f.write_bytes(data)
    return files


def build_corpus(root: Path, n: int, doc: Document, ann: dict, raw: bytes) -> None:
    """A corpus of ``n`` copies of the document with its annotation and raw page, ids synth-000001..."""
    docs, gold, raws = paths.documents_dir(root), paths.gold_dir(root), paths.raw_dir(root)
    for d in (docs, gold, raws):
        d.mkdir(parents=True, exist_ok=True)
    base = doc.to_dict()
    suffix = Path(doc.provenance.raw_path).suffix
    for k in range(1, n + 1):
        doc_id = f"synth-{k:06d}"
        raw_rel = f"corpus/raw/{doc_id}{suffix}"
        d = dict(base, id=doc_id, provenance=dict(base["provenance"], raw_path=raw_rel))
        (docs / f"{doc_id}.json").write_bytes(dumps(d))
        (gold / f"{doc_id}.json").write_bytes(dumps(dict(ann, document_id=doc_id)))
        (root / raw_rel).write_bytes(raw)


def timed_newsgold(**kwargs: object) -> tuple[float, int, int]:
    """Seconds, files checked and findings of one ``newsgold.validate.validate(**kwargs)``."""
    from newsgold.validate import validate
    from newsgold.validate.schema import fast_validator, full_validator

    fast_validator("annotation"), fast_validator("document"), full_validator("annotation")  # compile once
    t0 = time.perf_counter()
    report = validate(**kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - t0, report.files, len(report.findings)


def timed_jsonschema(files: list[tuple[Path, str]]) -> tuple[float, int]:
    """Seconds and rejected files for parse + ``jsonschema.validate`` of each ``(path, schema kind)``."""
    import jsonschema

    from newsgold.schemas import load_schema

    rejected = 0
    t0 = time.perf_counter()
    for path, kind in files:
        try:
            jsonschema.validate(orjson.loads(path.read_bytes()), load_schema(kind))
        except jsonschema.ValidationError:
            rejected += 1
    return time.perf_counter() - t0, rejected


def run(n: int, sample: int, doc: Document, ann: dict, raw: bytes) -> dict[str, tuple[float, float, int]]:
    """docs/s for newsgold and jsonschema, and problems seen, per setting: annotation files, whole corpus."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="newsgold-bench-") as tmp:
        files = build_annotations(Path(tmp) / "annotations-of-seed", n, ann)
        ng_s, checked, findings = timed_newsgold(paths=[files[0].parent])
        js_s, rejected = timed_jsonschema([(f, "annotation") for f in files[:sample]])
        out["annotation files"] = (n / ng_s, sample / js_s, findings + rejected + (checked != n))
    with tempfile.TemporaryDirectory(prefix="newsgold-bench-") as tmp:
        root = Path(tmp)
        build_corpus(root, n, doc, ann, raw)
        ng_s, checked, findings = timed_newsgold(root=root)
        stems = sorted(p.stem for p in paths.documents_dir(root).glob("*.json"))[:sample]
        js_s, rejected = timed_jsonschema(
            [(paths.documents_dir(root) / f"{s}.json", "document") for s in stems]
            + [(paths.gold_dir(root) / f"{s}.json", "annotation") for s in stems]
        )
        out["corpus (document + annotation + raw page)"] = (
            n / ng_s,
            sample / js_s,
            findings + rejected + (checked != 2 * n),
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (documents)")
    parser.add_argument(
        "--baseline-sample", type=int, default=200, help="documents timed with jsonschema.validate (0: all)"
    )
    parser.add_argument(
        "--min-rate", type=float, default=1000.0, help="fail below this many documents/second (0: never)"
    )
    args = parser.parse_args(argv)

    from newsgold.validate.schema import default_engine

    doc, ann, raw, source = seed_pair()
    print(f"schema fast path: {default_engine()} (set NEWSGOLD_SCHEMA_ENGINE=fastjsonschema to compare)")
    print(
        f"annotation: {source}; {len(ann['mentions'])} mentions, {len(ann['events'])} events, "
        f"{len(ann['claims'])} claims; {len(orjson.dumps(ann)) / 1024:.0f} KB compact, "
        f"{len(dumps(ann)) / 1024:.0f} KB as written (indented)"
    )
    failed = False
    for n in args.n:
        sample = n if args.baseline_sample <= 0 else min(n, args.baseline_sample)
        for setting, (ng_rate, js_rate, problems) in run(n, sample, doc, ann, raw).items():
            print(
                f"N={n} {setting}: newsgold {ng_rate:,.0f} docs/s; "
                f"jsonschema.validate {js_rate:,.0f} docs/s ({sample} timed); "
                f"ratio {ng_rate / js_rate:.1f}x"
            )
            if problems:
                print(
                    f"  FAIL: the synthetic data should be valid ({problems} findings or rejections)",
                    file=sys.stderr,
                )
                failed = True
            if setting == "annotation files" and ng_rate < args.min_rate:
                print(
                    f"  FAIL: {ng_rate:,.0f} docs/s is below the target of {args.min_rate:,.0f}",
                    file=sys.stderr,
                )
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
