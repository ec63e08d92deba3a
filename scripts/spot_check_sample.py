"""Draw a seeded sample of gold sentences, with their gold items, for an independent spot check.

Usage: .venv/bin/python scripts/spot_check_sample.py [--n 40] [--seed 20261202] [--min-chars 40]
       [--exclude bc715259e8893656] --out sample.json

The pool is every sentence (``newsgold.convert.tokens``) of at least ``--min-chars`` characters of every
gold document but the excluded ones, in document id order; ``random.Random(seed).sample`` draws from it.
Sentences depend on the text only, so the same seed draws the same sentences as long as the gold
documents are the same; the items listed are those of the gold at the time of drawing. Exit 1 when the
pool is smaller than ``--n``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

from newsgold import paths
from newsgold.convert.tokens import sentences, tokenize
from newsgold.io import atomic_write_bytes, dumps, read_annotation, read_document
from newsgold.model import Annotation


def sentence_items(ann: Annotation, start: int, end: int) -> list[dict[str, Any]]:
    """The gold items of one sentence, with their texts (for a reader, not for offsets)."""
    by_id = {m.id: m for m in ann.mentions}
    cluster = {m: c.name for c in ann.clusters for m in c.mentions}
    items: list[dict[str, Any]] = []
    for m in ann.mentions:
        if start <= m.start and m.end <= end:
            items.append(
                {
                    "id": m.id,
                    "layer": "mention",
                    "text": m.text,
                    "type": m.type,
                    "kind": m.kind,
                    "value": m.normalized,
                    "cluster": cluster.get(m.id),
                }
            )
    for e in ann.events:
        if start <= e.trigger.start < end:
            args = [
                {
                    "role": a.role,
                    "filler": by_id[a.mention].text if a.mention else a.span.text if a.span else None,
                }
                for a in e.arguments
            ]
            items.append(
                {
                    "id": e.id,
                    "layer": "event",
                    "trigger": e.trigger.text,
                    "type": e.type,
                    "realis": e.realis,
                    "arguments": args,
                }
            )
    for c in ann.claims:
        if start <= c.content.start < end or (c.cue is not None and start <= c.cue.start < end):
            items.append(
                {
                    "id": c.id,
                    "layer": "claim",
                    "content": c.content.text,
                    "cue": c.cue.text if c.cue else None,
                    "claimer": by_id[c.claimer].text if c.claimer else None,
                    "status": c.claimer_status,
                    "form": c.form,
                    "stance": c.stance,
                }
            )
    return items


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=40)
    p.add_argument("--seed", type=int, default=20261202)
    p.add_argument("--min-chars", type=int, default=40)
    p.add_argument("--exclude", nargs="*", default=["bc715259e8893656"])
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    ids = sorted(f.stem for f in paths.gold_dir().glob("*.json") if f.stem not in set(args.exclude))
    pool: list[tuple[str, int, int]] = []
    for doc_id in ids:
        text = read_document(paths.documents_dir() / f"{doc_id}.json").text
        toks = tokenize(text)
        for i, j in sentences(text, toks):
            a, b = toks[i].start, toks[j - 1].end
            if b - a >= args.min_chars:
                pool.append((doc_id, a, b))
    if len(pool) < args.n:
        print(f"spot_check_sample: only {len(pool)} sentences in the pool, {args.n} asked", file=sys.stderr)
        return 1
    out = []
    for k, (doc_id, a, b) in enumerate(sorted(random.Random(args.seed).sample(pool, args.n)), 1):
        doc = read_document(paths.documents_dir() / f"{doc_id}.json")
        ann = read_annotation(paths.gold_dir() / f"{doc_id}.json")
        items = [{**it, "id": f"s{k}.{it['id']}"} for it in sentence_items(ann, a, b)]
        out.append(
            {
                "sentence": k,
                "document": doc_id,
                "published": doc.metadata.published,
                "start": a,
                "end": b,
                "text": doc.text[a:b],
                "gold": items,
            }
        )
    atomic_write_bytes(args.out, dumps(out))
    print(
        f"spot_check_sample: {len(out)} sentences from {len({s['document'] for s in out})} documents, "
        f"{sum(len(s['gold']) for s in out)} gold items -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
