"""Adapters from other tools' entity output: plain spans, BIO tags, a real spaCy pipeline, and the two
shapes of a Hugging Face token-classification pipeline's output; each scored against the gold."""

from __future__ import annotations

import pytest

from checkout import SEED_ID as SEED
from newsgold import paths
from newsgold.bench.adapters import (
    CONLL_LABELS,
    from_bio,
    from_hf_token_classification,
    from_spacy,
    from_spans,
)
from newsgold.bench.core import Case
from newsgold.bench.scorer import Settings, score
from newsgold.convert.tokens import spans_to_bio, tokenize
from newsgold.io import read_annotation, read_document


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    doc = read_document(paths.documents_dir() / f"{SEED}.json")
    gold = read_annotation(paths.gold_dir() / f"{SEED}.json")
    names = [(m.start, m.end, m.type) for m in gold.mentions if m.kind == "name"]
    return doc, gold, names


def strict_f1(doc, gold, pred) -> float:  # type: ignore[no-untyped-def]
    figures = score([Case(doc, gold, pred)], Settings(tasks=("entities",))).figures
    return figures["entities.strict.micro.f1"]


def test_plain_spans_reproduce_the_gold_names(seed) -> None:  # type: ignore[no-untyped-def]
    doc, gold, names = seed
    pred = from_spans(doc, reversed(names))
    assert [(m.start, m.end, m.type) for m in pred.mentions] == sorted(names, key=lambda s: (s[0], -s[1]))
    assert all(doc.text[m.start : m.end] == m.text for m in pred.mentions)
    assert strict_f1(doc, gold, pred) == 1.0
    with pytest.raises(ValueError, match="outside its text"):
        from_spans(doc, [(0, len(doc.text) + 1, "ORG")])


def test_bio_tags_over_the_ner_tokens(seed) -> None:  # type: ignore[no-untyped-def]
    doc, gold, names = seed
    tokens = tokenize(doc.text)
    tags = spans_to_bio(tokens, names)
    assert strict_f1(doc, gold, from_bio(doc, tags)) == 1.0
    with pytest.raises(ValueError, match="tags for"):
        from_bio(doc, tags[:-1])


def test_a_real_spacy_pipeline(seed) -> None:  # type: ignore[no-untyped-def]
    import spacy

    doc, gold, names = seed
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "GPE", "pattern": p} for p in ("Japan", "South Korea", "Tokyo", "Seoul")]
        + [{"label": "PER", "pattern": "Shinzo Abe"}]
    )
    pred = from_spacy(doc, nlp(doc.text), labels={"PER": "PERSON"})
    expected = {
        (s, e, t)
        for s, e, t in names
        if doc.text[s:e] in {"Japan", "South Korea", "Tokyo", "Seoul", "Shinzo Abe"}
    }
    assert {(m.start, m.end, m.type) for m in pred.mentions} >= expected and expected
    f1 = strict_f1(doc, gold, pred)
    assert 0.0 < f1 < 1.0
    with pytest.raises(ValueError, match="not made from"):
        from_spacy(doc, nlp("another text"))


def _hf_outputs(doc, spans):  # type: ignore[no-untyped-def]
    """What a token-classification pipeline returns, in both shapes: sub-words of 3 characters."""
    grouped, tokens = [], []
    for start, end, label in spans:
        grouped.append(
            {"entity_group": label, "score": 0.99, "word": doc.text[start:end], "start": start, "end": end}
        )
        for k, word in enumerate(doc.text[start:end].split(" ")):
            w0 = doc.text.index(word, start)
            for j in range(0, len(word), 3):
                tag = ("B-" if k == 0 and j == 0 else "I-") + label
                tokens.append(
                    {
                        "entity": tag,
                        "score": 0.9,
                        "index": len(tokens),
                        "word": word[j : j + 3],
                        "start": w0 + j,
                        "end": w0 + min(j + 3, len(word)),
                    }
                )
            start = w0 + len(word)
    return grouped, tokens


def test_hugging_face_outputs_with_and_without_aggregation(seed) -> None:  # type: ignore[no-untyped-def]
    doc, gold, names = seed
    conll = {"PERSON": "PER", "GPE": "LOC", "ORG": "ORG"}
    chosen = [(s, e, conll[t]) for s, e, t in names if t in conll]
    grouped, tokens = _hf_outputs(doc, chosen)
    a = from_hf_token_classification(doc, grouped, CONLL_LABELS)
    b = from_hf_token_classification(doc, tokens, CONLL_LABELS)
    want = sorted((s, e, CONLL_LABELS[t]) for s, e, t in chosen)
    assert sorted((m.start, m.end, m.type) for m in a.mentions) == want
    assert sorted((m.start, m.end, m.type) for m in b.mentions) == want
    # adjacent entities of one type stay apart when the second starts with B-
    first, second = (
        tokens[0],
        dict(tokens[0], entity="B-LOC", start=tokens[0]["end"] + 1, end=tokens[0]["end"] + 2),
    )
    apart = from_hf_token_classification(doc, [dict(first, entity="B-LOC"), second])
    assert len(apart.mentions) == 2


def test_the_spacy_benchmark_of_the_docs_prints_the_scorers_figures(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """The Python block of docs/bench.md that benchmarks a spaCy pipeline runs as written, with
    ``spacy.load`` giving a blank English pipeline whose entity ruler knows the training split's
    place names; the figures it prints are the scorer's own on the same predictions."""
    import re

    import spacy

    from newsgold.bench.run import load_gold

    docs = (paths.project_root() / "docs" / "bench.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", docs, re.S) if "spacy_extractor(" in b]
    assert len(block.strip().splitlines()) < 10
    places = sorted(
        {m.text for a in load_gold("train").annotations.values() for m in a.mentions if m.type == "GPE"}
    )
    assert places

    def blank_with_ruler(name: str):  # type: ignore[no-untyped-def]
        nlp = spacy.blank("en")
        nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": p} for p in places])
        return nlp

    monkeypatch.setattr(spacy, "load", blank_with_ruler)
    scope: dict = {}
    exec(compile(block, "docs/bench.md", "exec"), scope)
    printed = capsys.readouterr().out
    gold = load_gold("test")
    nlp = blank_with_ruler("")
    cases = [
        Case(doc, gold.annotations[d], from_spacy(doc, nlp(doc.text))) for d, doc in gold.documents.items()
    ]
    expected = score(cases, Settings(tasks=("entities",))).figures
    assert scope["scores"].figures == expected
    rows = dict(re.findall(r"^(Entities [^\n]*?)\s+(\d+\.\d)\s+\[", printed, re.M))
    assert rows["Entities strict micro F1"] == f"{100 * expected['entities.strict.micro.f1']:.1f}"
    assert rows["Entities partial micro F1"] == f"{100 * expected['entities.partial.micro.f1']:.1f}"
    assert 0.0 < expected["entities.strict.micro.f1"] < 1.0
    assert "tasks scored: entities (default" in printed
    assert "Trigger" not in printed and "Claim" not in printed  # the layers spaCy does not predict
