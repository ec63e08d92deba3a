"""Time the entity scorer against nervaluate on the same synthetic entities.

Usage: .venv/bin/python scripts/bench_speed.py [--documents 10000] [--entities 20] [--seed 0]

Both score the same documents: gold entities with predictions that are exact, off by a boundary,
of another type, missing or spurious. nervaluate gets the spans through newsgold.convert.inclusive.
Prints both times and their ratio; exits 1 if the newsgold scorer is slower.
"""

from __future__ import annotations

import argparse
import random
import sys
import time


def synthetic(n_docs: int, n_ents: int, seed: int) -> tuple[list, list]:
    rng = random.Random(seed)
    types = ["PERSON", "ORG", "GPE", "DATE", "CARDINAL"]
    gold, pred = [], []
    for _ in range(n_docs):
        g, p, pos = [], [], 0
        for _ in range(n_ents):
            pos += rng.randint(3, 30)
            s, e = pos, pos + rng.randint(3, 20)
            pos = e
            t = rng.choice(types)
            g.append((s, e, t))
            r = rng.random()
            if r < 0.6:
                p.append((s, e, t))
            elif r < 0.7:
                p.append((s + 1, e, t))
            elif r < 0.8:
                p.append((s, e, rng.choice(types)))
            elif r < 0.9:
                p.append((s, e + 2, t))
            if rng.random() < 0.1:
                p.append((e + 1, e + 2, rng.choice(types)))
        rng.shuffle(p)
        gold.append(g)
        pred.append(p)
    return gold, pred


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=10000)
    ap.add_argument("--entities", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    from nervaluate import Evaluator

    from newsgold.bench.entities import score_spans
    from newsgold.convert.inclusive import nervaluate_entities

    gold, pred = synthetic(args.documents, args.entities, args.seed)
    t0 = time.perf_counter()
    score_spans(gold, pred)
    ours = time.perf_counter() - t0
    tags = sorted({t for doc in gold + pred for _, _, t in doc})
    t0 = time.perf_counter()
    Evaluator(
        [nervaluate_entities(d) for d in gold], [nervaluate_entities(d) for d in pred], tags, loader="dict"
    ).evaluate()
    theirs = time.perf_counter() - t0
    print(
        f"{args.documents} documents x {args.entities} entities: newsgold {ours:.2f} s, "
        f"nervaluate {theirs:.2f} s, ratio {theirs / ours:.1f}x"
    )
    return 0 if ours <= theirs else 1


if __name__ == "__main__":
    sys.exit(main())
