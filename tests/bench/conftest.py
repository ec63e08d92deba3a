"""Fixtures for the benchmark tests: the seed document and annotations built from anchored phrases."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from checkout import CHECKOUT
from checkout import SEED_ID as SEED
from newsgold.io import read_document
from newsgold.model import Annotation, Document, Mention, Span


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    return read_document(CHECKOUT / "corpus" / "documents" / f"{SEED}.json")


def locate(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a half-open span."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    return at, at + len(phrase)


SpanOf = Callable[..., Span]


@pytest.fixture(scope="session")
def span_of(seed_doc: Document) -> SpanOf:
    def make(phrase: str, nth: int = 0, inner: str | None = None) -> Span:
        s, e = locate(seed_doc.text, phrase, nth)
        if inner is not None:  # a sub-phrase of the located phrase
            k = seed_doc.text.index(inner, s, e)
            s, e = k, k + len(inner)
        return Span(s, e, seed_doc.text[s:e])

    return make


@pytest.fixture(scope="session")
def mention(span_of: SpanOf) -> Callable[..., Mention]:
    def make(
        mid: str, phrase: str, etype: str, nth: int = 0, kind: str = "name", inner: str | None = None
    ) -> Mention:
        sp = span_of(phrase, nth, inner)
        return Mention(mid, sp.start, sp.end, sp.text, etype, kind)

    return make


@pytest.fixture(scope="session")
def annotation(seed_doc: Document) -> Callable[..., Annotation]:
    def make(annotator: str = "gold", **layers: tuple) -> Annotation:
        return Annotation(seed_doc.id, seed_doc.text_sha256, annotator, **layers)

    return make


@pytest.fixture()
def corpus_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root holding the seed document only (and no release), selected by NEWSGOLD_ROOT from a
    working folder that is in no project."""
    src = CHECKOUT
    root = tmp_path / "root"
    (root / "corpus" / "documents").mkdir(parents=True)
    shutil.copy(src / "corpus" / "documents" / f"{SEED}.json", root / "corpus" / "documents")
    for name in ("splits.json", "VERSION.json"):
        if (src / "corpus" / name).exists():
            shutil.copy(src / "corpus" / name, root / "corpus" / name)
    (root / "annotations" / "gold").mkdir(parents=True)
    monkeypatch.setenv("NEWSGOLD_ROOT", str(root))
    monkeypatch.chdir(tmp_path)
    return root
