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

Span = tuple[int, int, str]
TYPES = ["PERSON", "ORG", "GPE", "DATE", "CARDINAL"]


def perturb(gold: list[list[Span]], seed: int, types: list[str] | None = None) -> list[list[Span]]:
    """Predictions for ``gold``: each entity exact (60%), off by a boundary, of another type or missing,
    plus some spurious ones, shuffled."""
    rng = random.Random(seed)
    types = types or sorted({t for doc in gold for _, _, t in doc}) or TYPES
    pred = []
    for g in gold:
        p = []
        for s, e, t in g:
            r = rng.random()
            if r < 0.6:
                p.append((s, e, t))
            elif r < 0.7:
                p.append((s + 1, e, t) if e - s > 1 else (s, e, t))
            elif r < 0.8:
                p.append((s, e, rng.choice(types)))
            elif r < 0.9:
                p.append((s, e + 2, t))
            if rng.random() < 0.1:
                p.append((e + 1, e + 2, rng.choice(types)))
        rng.shuffle(p)
        pred.append(p)
    return pred


def synthetic(n_docs: int, n_ents: int, seed: int) -> tuple[list[list[Span]], list[list[Span]]]:
    """``n_docs`` documents of ``n_ents`` disjoint gold entities and their perturbed predictions."""
    rng = random.Random(seed)
    gold = []
    for _ in range(n_docs):
        g, pos = [], 0
        for _ in range(n_ents):
            pos += rng.randint(3, 30)
            s, e = pos, pos + rng.randint(3, 20)
            pos = e
            g.append((s, e, rng.choice(TYPES)))
        gold.append(g)
    return gold, perturb(gold, seed + 1, TYPES)


def time_scorers(gold: list[list[Span]], pred: list[list[Span]]) -> tuple[float, float]:
    """Seconds of the newsgold entity scorer (optimal matching) and of nervaluate on the same spans."""
    from nervaluate import Evaluator

    from newsgold.bench.entities import score_spans
    from newsgold.convert.inclusive import nervaluate_entities

    t0 = time.perf_counter()
    score_spans(gold, pred)
    ours = time.perf_counter() - t0
    tags = sorted({t for doc in gold + pred for _, _, t in doc})
    t0 = time.perf_counter()
    Evaluator(
        [nervaluate_entities(d) for d in gold], [nervaluate_entities(d) for d in pred], tags, loader="dict"
    ).evaluate()
    return ours, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=10000)
    ap.add_argument("--entities", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    gold, pred = synthetic(args.documents, args.entities, args.seed)
    ours, theirs = time_scorers(gold, pred)
    print(
        f"{args.documents} documents x {args.entities} entities: newsgold {ours:.2f} s, "
        f"nervaluate {theirs:.2f} s, ratio {theirs / ours:.1f}x"
    )
    return 0 if ours <= theirs else 1


if __name__ == "__main__":
    sys.exit(main())
