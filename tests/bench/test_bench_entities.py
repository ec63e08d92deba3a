"""Entity scoring: the SemEval-2013 schemes, cross-checked against nervaluate 1.2.1 and seqeval 1.2.2
where they are right, and the cases where they are known to be wrong pinned with the reason."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from reference_entities import reference_counts
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

from newsgold.bench import entities as entities_module
from newsgold.bench.entities import (
    CATEGORIES,
    SCHEMES,
    EntitySettings,
    entity_counts,
    entity_figures,
    entity_tables,
    scheme_counts,
    scheme_prf,
    score_spans,
)
from newsgold.convert.inclusive import nervaluate_entities
from newsgold.convert.tokens import spans_to_bio, tokenize
from newsgold.labels import inventory
from newsgold.model import Mention

Doc = list[tuple[int, int, str]]


def nerv(
    gold: list[Doc],
    pred: list[Doc],
    tags: list[str] | None = None,
    adapter: bool = True,
    min_overlap: float = 1.0,
) -> dict:
    """nervaluate's results, with our half-open spans converted by the one adapter (or fed raw)."""
    conv = (
        nervaluate_entities if adapter else (lambda d: [{"label": t, "start": s, "end": e} for s, e, t in d])
    )
    labels = tags or sorted({t for doc in gold + pred for _, _, t in doc})
    return Evaluator(
        [conv(d) for d in gold],
        [conv(d) for d in pred],
        labels,
        loader="dict",
        min_overlap_percentage=min_overlap,
    ).evaluate()


NERV_CAT = {"COR": "correct", "INC": "incorrect", "PAR": "partial", "MIS": "missed", "SPU": "spurious"}


def ours(gold: list[Doc], pred: list[Doc], **kw: object) -> dict[str, dict[str, float]]:
    c = score_spans(gold, pred, EntitySettings(**kw))  # type: ignore[arg-type]
    return {s: scheme_counts(c, s) for s in SCHEMES}


# --- the scoring note's example ------------------------------------------------------------------

# One exact match, one boundary error, one type error, one spurious and one missed entity.
NOTE_GOLD: Doc = [(0, 5, "PER"), (10, 20, "ORG"), (30, 35, "LOC"), (60, 65, "PER")]
NOTE_PRED: Doc = [(0, 5, "PER"), (10, 15, "ORG"), (30, 35, "ORG"), (45, 50, "LOC")]
NOTE_F1 = {"strict": 0.25, "exact": 0.50, "partial": 0.625, "ent_type": 0.50}


def test_scoring_note_example() -> None:
    c = score_spans([NOTE_GOLD], [NOTE_PRED])
    for scheme, expected in NOTE_F1.items():
        p, r, f = scheme_prf(scheme_counts(c, scheme))
        assert (p, r, f) == pytest.approx((expected, expected, expected)), scheme


def test_scoring_note_example_matches_nervaluate() -> None:
    res = nerv([NOTE_GOLD], [NOTE_PRED])["overall"]
    for scheme, expected in NOTE_F1.items():
        assert res[scheme].f1 == pytest.approx(expected)


# --- cross-checks on cases where the reference scorers are right ----------------------------------


def random_case(rng: random.Random, slots: int = 8) -> tuple[Doc, Doc]:
    """Gold and predictions in separate 20-character slots, so every overlap is one to one."""
    types = ["PER", "ORG", "LOC"]
    gold: Doc = []
    pred: Doc = []
    for k in range(slots):
        base = 20 * k + 5
        length = rng.randint(2, 8)
        g = (base, base + length, rng.choice(types))
        what = rng.random()
        if what < 0.2:
            gold.append(g)
        elif what < 0.35:
            pred.append((base, base + rng.randint(2, 8), rng.choice(types)))
        elif what < 0.45:
            continue
        else:
            gold.append(g)
            s = max(base - 3, g[0] + rng.choice([0, 0, 0, -2, -1, 1, 2]))
            e = min(base + 14, g[1] + rng.choice([0, 0, 0, -1, 1, 2]))
            if e <= s:
                e = s + 1
            t = g[2] if rng.random() < 0.7 else rng.choice(types)
            pred.append((s, e, t))
    rng.shuffle(pred)
    return gold, pred


@pytest.mark.parametrize("seed", range(6))
def test_overall_counts_match_nervaluate_on_one_to_one_cases(seed: int) -> None:
    rng = random.Random(seed)
    gold, pred = zip(*(random_case(rng) for _ in range(20)), strict=True)
    res = nerv(list(gold), list(pred))["overall"]
    mine = ours(list(gold), list(pred))
    for scheme in SCHEMES:
        for cat in CATEGORIES:
            assert mine[scheme][cat] == getattr(res[scheme], NERV_CAT[cat]), (scheme, cat)
        p, r, f = scheme_prf(mine[scheme])
        assert (p, r, f) == pytest.approx((res[scheme].precision, res[scheme].recall, res[scheme].f1))


def test_per_type_counts_match_nervaluate_without_type_confusion() -> None:
    rng = random.Random(42)
    cases = [random_case(rng) for _ in range(30)]
    # keep only predictions whose type equals the overlapping gold's (nervaluate splits confusions per type)
    gold, pred = [], []
    for g, p in cases:
        keep = [x for x in p if all(not (x[0] < y[1] and y[0] < x[1]) or x[2] == y[2] for y in g)]
        gold.append(g)
        pred.append(keep)
    res = nerv(gold, pred)["entities"]
    c = score_spans(gold, pred)
    for t, by_scheme in res.items():
        for scheme in SCHEMES:
            n = scheme_counts(c, scheme, t)
            for cat in CATEGORIES:
                assert n[cat] == getattr(by_scheme[scheme], NERV_CAT[cat]), (t, scheme, cat)


def token_case(rng: random.Random, n_tokens: int) -> tuple[Doc, Doc]:
    """Token-aligned, non-overlapping gold and predictions (what BIO can express)."""

    def spans(p_span: float) -> list[tuple[int, int]]:
        out, i = [], 0
        while i < n_tokens:
            if rng.random() < p_span:
                j = min(n_tokens, i + rng.randint(1, 3))
                out.append((i, j))
                i = j + 1
            else:
                i += 1
        return out

    types = ["PER", "ORG", "GPE"]
    g = [(i, j, rng.choice(types)) for i, j in spans(0.3)]
    p = [(i, j, t if rng.random() < 0.8 else rng.choice(types)) for i, j, t in g if rng.random() < 0.7]
    taken = {k for i, j, _ in p for k in range(i - 1, j + 1)}
    p += [(i, j, rng.choice(types)) for i, j in spans(0.1) if not taken & set(range(i, j))]
    return g, p


def test_strict_matches_seqeval(seed_doc) -> None:
    tokens = tokenize(seed_doc.text)[:120]
    rng = random.Random(7)
    y_true, y_pred, gold, pred = [], [], [], []
    for _ in range(40):
        g, p = token_case(rng, len(tokens))
        gc = [(tokens[i].start, tokens[j - 1].end, t) for i, j, t in g]
        pc = [(tokens[i].start, tokens[j - 1].end, t) for i, j, t in p]
        y_true.append(spans_to_bio(tokens, gc))
        y_pred.append(spans_to_bio(tokens, pc))
        gold.append(gc)
        pred.append(pc)
    c = score_spans(gold, pred)
    p, r, f = scheme_prf(scheme_counts(c, "strict"))
    assert p == pytest.approx(precision_score(y_true, y_pred))
    assert r == pytest.approx(recall_score(y_true, y_pred))
    assert f == pytest.approx(f1_score(y_true, y_pred))
    # Per type, seqeval counts a confusion as a false positive of the predicted type; we count the pair under
    # the gold type (so per-type rows add up). Recall per type is the same in both.
    report = classification_report(y_true, y_pred, output_dict=True)
    for t in ("PER", "ORG", "GPE"):
        assert scheme_prf(scheme_counts(c, "strict", t))[1] == pytest.approx(report[t]["recall"])


# --- pinned cases where the reference scorers are wrong -------------------------------------------


def test_inclusive_ends_adjacent_spans() -> None:
    """nervaluate reads ends as inclusive: half-open [0,5) and [5,9) fed raw overlap at 5."""
    gold, pred = [[(0, 5, "PER")]], [[(5, 9, "PER")]]
    raw = nerv(gold, pred, adapter=False)["overall"]["strict"]
    assert (raw.incorrect, raw.missed, raw.spurious) == (1, 0, 0)  # wrong: the spans share no character
    fixed = nerv(gold, pred, adapter=True)["overall"]["strict"]
    assert (fixed.incorrect, fixed.missed, fixed.spurious) == (0, 1, 1)
    mine = ours(gold, pred)["strict"]
    assert (mine["INC"], mine["MIS"], mine["SPU"]) == (0, 1, 1)


def test_greedy_list_order_changes_nervaluate_but_not_us() -> None:
    """nervaluate lets the first listed prediction take a gold span a later exact one needed."""
    gold = [[(0, 5, "PER")]]
    sloppy_first = [[(0, 3, "PER"), (0, 5, "PER")]]
    exact_first = [[(0, 5, "PER"), (0, 3, "PER")]]
    assert nerv(gold, sloppy_first)["overall"]["strict"].f1 == pytest.approx(0.0)
    assert nerv(gold, exact_first)["overall"]["strict"].f1 == pytest.approx(2 / 3)
    for pred in (sloppy_first, exact_first):
        assert scheme_prf(ours(gold, pred)["strict"])[2] == pytest.approx(2 / 3)


def test_per_type_counts_add_up() -> None:
    """nervaluate: a type confusion is INC overall but MIS + SPU per type, so types do not sum to totals."""
    gold, pred = [[(0, 5, "PER"), (10, 15, "ORG")]], [[(0, 5, "ORG"), (10, 15, "ORG")]]
    res = nerv(gold, pred)
    overall = res["overall"]["strict"]
    per_type_missed = sum(res["entities"][t]["strict"].missed for t in res["entities"])
    assert overall.incorrect == 1 and overall.missed == 0 and per_type_missed == 1  # does not add up
    c = score_spans(gold, pred)
    for scheme in SCHEMES:
        totals = scheme_counts(c, scheme)
        for cat in CATEGORIES:
            assert totals[cat] == sum(scheme_counts(c, scheme, t)[cat] for t in ("PER", "ORG"))
    tables = entity_tables(c, inventory().entity_types)
    assert tables["confusion"]["PER"] == {"ORG": 1}  # the confusion matrix shows the predicted type


def test_asymmetric_overlap_for_ent_type() -> None:
    """nervaluate measures overlap against the gold span only: a 60-character prediction over a 2-character
    gold entity passes a 50% threshold. Intersection over union is symmetric and does not."""
    gold, pred = [[(10, 12, "PER")]], [[(0, 60, "PER")]]
    assert nerv(gold, pred, min_overlap=50.0)["overall"]["ent_type"].correct == 1
    mine = ours(gold, pred, min_iou=0.5)["ent_type"]
    assert (mine["COR"], mine["MIS"], mine["SPU"]) == (0, 1, 1)
    assert ours(gold, pred)["ent_type"]["COR"] == 1  # with the default (any overlap) it still counts


def test_labels_missing_from_tag_list_are_not_dropped() -> None:
    gold, pred = [[(0, 5, "PER")]], [[(0, 5, "PER"), (10, 15, "MISC")]]
    assert nerv(gold, pred, tags=["PER"])["overall"]["strict"].precision == pytest.approx(1.0)  # SPU dropped
    c = score_spans(gold, pred)
    n = scheme_counts(c, "strict")
    assert n["SPU"] == 1 and scheme_prf(n)[0] == pytest.approx(0.5)
    rows = entity_tables(c, inventory().entity_types)["schemes"]["strict"]["types"]
    assert rows["MISC"]["in_inventory"] is False and rows["MISC"]["SPU"] == 1


def test_micro_and_macro_are_different_and_labelled() -> None:
    gold = [[(0, 3, "PER"), (5, 8, "PER"), (10, 13, "PER"), (20, 25, "ORG")]]
    pred = [[(0, 3, "PER"), (5, 8, "PER"), (10, 13, "PER")]]
    figs = entity_figures(score_spans(gold, pred))
    assert figs["entities.strict.micro.f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert figs["entities.strict.macro.f1"] == pytest.approx(0.5)
    from newsgold.bench.report import HEADLINE

    for name, label in HEADLINE:  # every averaged figure says which average it is
        for average in ("micro", "macro"):
            assert (f".{average}." in name) == (average in label), (name, label)


def test_prediction_order_never_matters() -> None:
    rng = random.Random(3)
    gold = [[(0, 6, "PER"), (4, 12, "ORG"), (11, 20, "PER"), (30, 34, "LOC")]]
    pred = [(0, 12, "PER"), (4, 11, "ORG"), (10, 20, "PER"), (0, 6, "ORG"), (31, 34, "LOC"), (30, 34, "LOC")]
    first = score_spans(gold, [pred])
    for _ in range(20):
        rng.shuffle(pred)
        assert score_spans(gold, [list(pred)]) == first


def test_error_categories() -> None:
    gold = [
        [
            (0, 10, "PER"),
            (20, 30, "ORG"),
            (40, 50, "LOC"),
            (60, 70, "PER"),
            (80, 85, "PER"),
            (87, 90, "PER"),
            (100, 110, "ORG"),
            (120, 125, "LOC"),
            (130, 140, "PER"),
        ]
    ]
    pred = [
        [
            (0, 12, "PER"),  # too wide
            (22, 28, "ORG"),  # too narrow
            (45, 55, "LOC"),  # shifted
            (60, 70, "ORG"),  # wrong type
            (80, 90, "PER"),  # merge of two gold mentions
            (100, 104, "ORG"),
            (105, 110, "ORG"),  # split
            (130, 140, "PER"),  # correct
            (150, 155, "PER"),
        ]
    ]  # spurious; (120, 125) is missed
    errors = entity_tables(score_spans(gold, pred), inventory().entity_types)["errors"]
    assert errors == {
        "correct": 1,
        "missed": 1,
        "spurious": 1,
        "wrong_type": 1,
        "too_wide": 1,
        "too_narrow": 1,
        "shifted": 1,
        "wrong_type_and_boundary": 0,
        "split": 1,
        "merge": 1,
    }


# --- the fast scorer against the straightforward one (tests/bench/reference_entities.py) -----------

TYPES3 = ("A", "B", "C")


@st.composite
def documents(draw: st.DrawFn, width: int = 30, max_pred: int = 14) -> tuple[list[Mention], list[Mention]]:
    """Gold mentions (nested, overlapping, adjacent, some empty or duplicated) and predictions made
    from them (copies, shifted boundaries, other types, repeated copies) or anywhere, some unlocated."""

    def span(start: int) -> tuple[int, int]:
        return start, start + draw(st.integers(0, 8))

    gold = []
    for k in range(draw(st.integers(0, 6))):
        s, e = span(draw(st.integers(0, width)))
        gold.append(Mention(f"g{k}", s, e, "", draw(st.sampled_from(TYPES3))))
    pred = []
    for k in range(draw(st.integers(0, max_pred))):
        how = draw(st.sampled_from(("copy", "shift", "type", "anywhere", "repeat", "unlocated")))
        if how in ("copy", "shift", "type") and gold:
            g = draw(st.sampled_from(gold))
            s = g.start + (draw(st.integers(-2, 2)) if how == "shift" else 0)
            e = g.end + (draw(st.integers(-2, 2)) if how == "shift" else 0)
            t = draw(st.sampled_from(TYPES3)) if how == "type" else g.type
        elif how == "repeat" and pred:
            s, e, t = draw(st.sampled_from([(p.start, p.end, p.type) for p in pred]))
        elif how == "unlocated":
            s, e, t = -1, -1, draw(st.sampled_from(TYPES3))
        else:
            s, e = span(draw(st.integers(0, width)))
            t = draw(st.sampled_from(TYPES3))
        pred.append(Mention(f"p{k}", s, e, "", t))
    return gold, pred


def _unit(offset: int) -> int:
    return max(0, offset) // 9


def _same(a: dict, b: dict) -> bool:
    return {u: +c for u, c in a.items() if +c} == {u: +c for u, c in b.items() if +c}


@contextmanager
def grouping(how: str) -> Iterator[None]:
    """Identical predictions grouped by a Counter (few predictions) or by a sort in numpy (many)."""
    default = entities_module.GROUP_IN_NUMPY
    entities_module.GROUP_IN_NUMPY = 0 if how == "sort" else default
    try:
        yield
    finally:
        entities_module.GROUP_IN_NUMPY = default


@pytest.mark.parametrize("how", ["counter", "sort"])
@settings(max_examples=300, deadline=None)
@given(doc=documents(), min_iou=st.sampled_from((0.0, 0.0, 0.25, 0.5, 0.8, 1.0)))
def test_the_scorer_gives_the_figures_of_the_straightforward_one(how, doc, min_iou) -> None:
    gold, pred = doc
    with grouping(how):
        fast = entity_counts(gold, pred, EntitySettings(min_iou=min_iou), _unit)
    assert _same(fast, reference_counts(gold, pred, min_iou, _unit))


@pytest.mark.parametrize("how", ["counter", "sort"])
@settings(max_examples=120, deadline=None)
@given(doc=documents(width=12, max_pred=70), min_iou=st.sampled_from((0.0, 0.3)))
def test_many_predictions_over_few_gold_mentions_give_the_same_figures(how, doc, min_iou) -> None:
    # dense components: the shortlists of the gold mentions are made and solved (SHORTLIST_ABOVE)
    gold, pred = doc
    with grouping(how):
        fast = entity_counts(gold, pred, EntitySettings(min_iou=min_iou), _unit)
    assert _same(fast, reference_counts(gold, pred, min_iou, _unit))


def test_thousands_of_copies_of_a_few_predictions_give_the_same_figures() -> None:
    # identical predictions are one group: the earliest copies are matched, the rest spurious
    gold = [
        Mention(f"g{k}", s, e, "", t) for k, (s, e, t) in enumerate([(0, 5, "A"), (6, 9, "B"), (3, 8, "A")])
    ]
    few = [(0, 5, "A"), (6, 9, "A"), (2, 9, "A"), (4, 7, "B"), (-1, -1, "A"), (20, 22, "C")]
    pred = [
        Mention(f"p{k}", *few[(k * 7) % len(few)][:2], "", few[(k * 7) % len(few)][2]) for k in range(3000)
    ]
    expected = reference_counts(gold, pred, 0.0, _unit)
    for how in ("counter", "sort"):
        with grouping(how):
            fast = entity_counts(gold, pred, EntitySettings(), _unit)
        assert _same(fast, expected), how
    assert sum(c["ent|strict|SPU|A"] for c in fast.values()) > 1000


def test_offsets_numpy_cannot_hold_are_grouped_by_a_counter() -> None:
    gold = [[(0, 5, "A"), (2**70, 2**70 + 3, "B")]]
    pred = [[(0, 5, "A"), (2**70, 2**70 + 3, "B"), (0, 5, "A"), (1, 4, 7)]]
    expected = score_spans(gold, pred)
    with grouping("sort"):
        assert score_spans(gold, pred) == expected
    assert expected["ent|strict|COR|B"] == 1 and expected["ent|pred|7"] == 1


@settings(max_examples=100, deadline=None)
@given(documents(width=12, max_pred=40))
def test_offsets_beyond_float_precision_are_ranked_with_fractions(doc) -> None:
    far = 1 << 26  # FLOAT_IOU_LIMIT: from here candidates are ranked by exact fractions

    def moved(ms: list[Mention]) -> list[Mention]:
        return [Mention(m.id, m.start + far, m.end + far, "", m.type) if m.start >= 0 else m for m in ms]

    gold, pred = moved(doc[0]), moved(doc[1])
    assert _same(entity_counts(gold, pred), reference_counts(gold, pred))
