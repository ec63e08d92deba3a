"""Entity predictions of other tools, turned into newsgold annotations for scoring.

Each adapter takes the document the tool read (its ``text`` must be the document's text) and the
tool's output, and returns an :class:`~newsgold.model.Annotation` with name mentions only, ids in
text order, every span carrying its text. Write them one JSON object a line
(``annotation.to_dict()``) and score with ``newsgold bench --predictions FILE``, or score in Python
with :func:`newsgold.bench.scorer.score`.

- :func:`from_spans`: plain ``(start, end, label)`` character offsets (0-based, half-open);
- :func:`from_bio`: one BIO/IOB2 tag per token of :mod:`newsgold.convert.tokens` (the ``ner``
  configuration's tokens);
- :func:`from_spacy`: a spaCy ``Doc`` (its ``ents``), with no import of spaCy here;
  :func:`spacy_extractor` turns a whole pipeline into an :class:`~newsgold.bench.Extractor`, for
  :func:`newsgold.bench.run.run_extractor` or ``newsgold bench --extractor module:callable``;
- :func:`from_hf_token_classification`: the output of a Hugging Face ``token-classification``
  pipeline, with aggregation (``entity_group``) or without (``entity`` per sub-word, B-/I- tags).

Labels are mapped with ``labels`` (tool label -> OntoNotes type, e.g. ``{"PER": "PERSON"}``);
:data:`CONLL_LABELS` maps the CoNLL-2003 labels. A label the mapping does not know is kept as it is,
so the scorer counts it (as a wrong type), never drops it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgold.convert.tokens import bio_to_spans, tokenize
from newsgold.model import Annotation, Document, Mention

# CoNLL-2003 labels as OntoNotes types (MISC has no single OntoNotes type: NORP is the most frequent)
CONLL_LABELS: Mapping[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "NORP"}


def from_spans(
    document: Document,
    spans: Iterable[tuple[int, int, str]],
    labels: Mapping[str, str] | None = None,
    annotator: str = "system",
) -> Annotation:
    """An annotation of ``document`` with one name mention per ``(start, end, label)``.

    Raises :class:`ValueError` for a span outside the text or an empty span: offsets that do not fit
    the document mean the tool read another text.
    """
    labels = labels or {}
    text = document.text
    kept: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if not (0 <= start < end <= len(text)):
            raise ValueError(
                f"document {document.id}: span [{start}, {end}) is outside its text "
                f"(length {len(text)}); was the tool given another text?"
            )
        kept.append((start, end, labels.get(label, label)))
    kept = sorted(set(kept), key=lambda s: (s[0], -s[1], s[2]))
    mentions = tuple(Mention(f"m{i}", s, e, text[s:e], t, "name") for i, (s, e, t) in enumerate(kept, 1))
    return Annotation(document.id, document.text_sha256, annotator, mentions=mentions)


def from_bio(
    document: Document,
    tags: Sequence[str],
    labels: Mapping[str, str] | None = None,
    annotator: str = "system",
) -> Annotation:
    """An annotation from one tag per token of :func:`newsgold.convert.tokens.tokenize` over the whole
    document (the ``ner`` rows of a document, concatenated in sentence order)."""
    tokens = tokenize(document.text)
    if len(tags) != len(tokens):
        raise ValueError(f"document {document.id}: {len(tags)} tags for {len(tokens)} tokens")
    return from_spans(document, bio_to_spans(tokens, list(tags)), labels, annotator)


def from_spacy(
    document: Document, doc: Any, labels: Mapping[str, str] | None = None, annotator: str = "spacy"
) -> Annotation:
    """An annotation from a spaCy ``Doc`` made from ``document.text`` (``doc.ents``)."""
    if getattr(doc, "text", None) != document.text:
        raise ValueError(f"document {document.id}: the spaCy Doc was not made from this document's text")
    return from_spans(document, ((e.start_char, e.end_char, e.label_) for e in doc.ents), labels, annotator)


@dataclass(frozen=True, slots=True)
class SpacyExtractor:
    """A spaCy pipeline as an :class:`~newsgold.bench.Extractor` (see :func:`spacy_extractor`)."""

    nlp: Any
    name: str
    version: str
    labels: Mapping[str, str] | None = None

    def __call__(self, document: Document) -> Annotation:
        return from_spacy(document, self.nlp(document.text), self.labels, self.name)


def spacy_extractor(nlp: Any, labels: Mapping[str, str] | None = None) -> SpacyExtractor:
    """An extractor that runs the spaCy pipeline ``nlp`` on each document (:func:`from_spacy`), named
    ``spacy:<lang>_<name>`` and versioned from the pipeline's ``meta`` (``spacy:en_core_web_sm``)."""
    meta = getattr(nlp, "meta", None) or {}
    name = f"spacy:{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return SpacyExtractor(nlp, name, str(meta.get("version", "unversioned")), labels)


def from_hf_token_classification(
    document: Document,
    output: Iterable[Mapping[str, Any]],
    labels: Mapping[str, str] | None = None,
    annotator: str = "transformers",
) -> Annotation:
    """An annotation from a ``token-classification`` pipeline's output over ``document.text``.

    With aggregation, each item has ``entity_group``, ``start`` and ``end``. Without, each sub-word
    has ``entity`` (``B-PER``, ``I-PER``; ``O`` is never returned), ``start`` and ``end``: a ``B-``
    tag, a change of type or a gap of anything but whitespace starts a new entity; ``I-`` continues.
    """
    spans: list[tuple[int, int, str]] = []
    open_: list[int | str] | None = None  # [start, end, type]
    text = document.text
    for item in sorted(output, key=lambda i: (int(i["start"]), int(i["end"]))):
        start, end = int(item["start"]), int(item["end"])
        if "entity_group" in item:
            spans.append((start, end, str(item["entity_group"])))
            continue
        tag = str(item["entity"])
        prefix, _, label = tag.partition("-") if "-" in tag else ("I", "", tag)
        joins = (
            open_ is not None
            and prefix != "B"
            and open_[2] == label
            and not text[int(open_[1]) : start].strip()
        )
        if joins:
            assert open_ is not None
            open_[1] = max(int(open_[1]), end)
        else:
            if open_ is not None:
                spans.append((int(open_[0]), int(open_[1]), str(open_[2])))
            open_ = [start, end, label]
    if open_ is not None:
        spans.append((int(open_[0]), int(open_[1]), str(open_[2])))
    return from_spans(document, spans, labels, annotator)
