"""Small corpora for the release tests: the seed document plus synthetic documents and annotations."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import replace
from pathlib import Path

from checkout import SEED_ID as SEED
from newsgold.cli import dispatch
from newsgold.io import read_document, sha256_text, write_annotation, write_document, write_json
from newsgold.model import Annotation, Argument, Claim, Cluster, Document, Event, Mention, Span

CHECKOUT = Path(__file__).resolve().parents[1]


def seed_document() -> Document:
    return read_document(CHECKOUT / "corpus" / "documents" / f"{SEED}.json")


def _find(text: str, needle: str, nth: int = 0) -> Span:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    start = starts[nth]
    return Span(start, start + len(needle), needle)


def synthetic_annotation(doc: Document, annotator: str = "gold") -> Annotation:
    """A small, consistent annotation of the seed text (names, a nominal, a pronoun, an event, a claim)."""
    t = doc.text
    spans = [
        ("m1", _find(t, "Japan", 1), "GPE", "name", None),
        ("m2", _find(t, "South Korea", 0), "GPE", "name", None),
        ("m3", _find(t, "Sept. 26", 1), "DATE", "name", "2019-09-26"),
        ("m4", _find(t, "New York", 0), "GPE", "name", None),
        ("m5", _find(t, "Shinzo Abe", 0), "PERSON", "name", None),
        ("m6", _find(t, "Japanese government officials", 0), "PERSON", "nominal", None),
        ("m7", _find(t, "Thursday", 0), "DATE", "name", "2019-09-19"),
        ("m8", _find(t, "his", 0), "PERSON", "pronoun", None),
    ]
    mentions = tuple(Mention(i, s.start, s.end, s.text, ty, kind, norm) for i, s, ty, kind, norm in spans)
    meet = _find(t, "meet", 0)
    event = Event(
        "e1",
        "Contact:Meet",
        meet,
        "planned",
        (
            Argument("Entity", mention="m1"),
            Argument("Entity", mention="m2"),
            Argument("Time", mention="m3"),
            Argument("Place", span=_find(t, "the U.N. General Assembly", 0)),
        ),
    )
    content = _find(
        t,
        "Japan and South Korea are making arrangements for their foreign ministers to meet on "
        "Sept. 26 on the margins of the U.N. General Assembly in New York",
    )
    claim = Claim("c1", content, _find(t, "said", 0), "m6", "mention", "indirect", "affirm", ("e1",))
    unattributed = Claim(
        "c2", _find(t, "expectations are low"), None, None, "unattributed", "indirect", "uncertain"
    )
    clusters = (Cluster("k1", "GPE", "Japan", ("m1",)),)
    return Annotation(doc.id, doc.text_sha256, annotator, mentions, clusters, (event,), (claim, unattributed))


def variant(
    doc: Document,
    doc_id: str,
    published: str | None = None,
    redistributable: bool | None = None,
    text: str | None = None,
) -> Document:
    """A copy of ``doc`` under another id (optionally another date, rights or text).

    A corpus never holds the same page twice (the validator's ``duplicate-document``), so the copy has
    its own raw page (:func:`variant_raw`, written by :func:`make_corpus`) and, unless ``text`` is
    given, its own text: the last word, outside every span of :func:`synthetic_annotation`, is
    replaced by letters of the id (same length, so every offset stays)."""
    md = doc.metadata
    md = replace(
        md,
        published=published if published is not None else md.published,
        redistributable=md.redistributable if redistributable is None else redistributable,
    )
    if text is None:
        word = "negotiations"
        at = doc.text.rindex(word)
        text = doc.text[:at] + (doc_id[::-1] * len(word))[: len(word)] + doc.text[at + len(word) :]
    raw = variant_raw(doc_id)
    provenance = replace(
        doc.provenance, raw_path=f"corpus/raw/{doc_id}.txt", raw_sha256=hashlib.sha256(raw).hexdigest()
    )
    return replace(
        doc, id=doc_id, text=text, text_sha256=sha256_text(text), metadata=md, provenance=provenance
    )


def variant_raw(doc_id: str) -> bytes:
    """The raw page of a :func:`variant`: the seed's page with a line naming the copy."""
    return (CHECKOUT / "corpus" / "raw" / f"{SEED}.txt").read_bytes() + f"\ncopy {doc_id}\n".encode()


def make_corpus(
    root: Path, documents: list[tuple[Document, str, bool]], version: str = "1.0.0", datasheet: bool = True
) -> Path:
    """A project root with ``documents`` as (document, split, annotated), VERSION, CHANGELOG, splits."""
    (root / "corpus" / "documents").mkdir(parents=True, exist_ok=True)
    (root / "annotations" / "gold").mkdir(parents=True, exist_ok=True)
    raw_src = CHECKOUT / "corpus" / "raw"
    shutil.copytree(raw_src, root / "corpus" / "raw", dirs_exist_ok=True)
    splits = {}
    for doc, split, annotated in documents:
        raw = root / doc.provenance.raw_path
        if not raw.exists():
            raw.write_bytes(variant_raw(doc.id))
        write_document(root / "corpus" / "documents" / f"{doc.id}.json", doc)
        if annotated:
            write_annotation(root / "annotations" / "gold" / f"{doc.id}.json", synthetic_annotation(doc))
        splits[doc.id] = split
    write_json(root / "corpus" / "splits.json", dict(sorted(splits.items())))
    write_json(
        root / "corpus" / "VERSION.json",
        {"corpus_version": version, "date": "2026-01-02", "annotation_licence": "CC-BY-4.0"},
    )
    (root / "corpus" / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## {version} (2026-01-02)\n\n- Test corpus.\n", encoding="utf-8"
    )
    if datasheet:
        (root / "DATASHEET.md").write_text(
            "# Datasheet\n\n## Composition\n\n<!-- figures:start -->\n<!-- figures:end -->\n\nEnd.\n",
            encoding="utf-8",
        )
    return root


def default_corpus(root: Path) -> Path:
    """Seed (annotated, test), a 2018 copy (annotated, train) and a redistributable 2020 copy
    (unannotated, validation)."""
    seed = seed_document()
    return make_corpus(
        root,
        [
            (seed, "test", True),
            (variant(seed, "a000000000000001", published="2018-03-01"), "train", True),
            (
                variant(
                    seed, "a000000000000002", published="2020-05-05T10:00:00+09:00", redistributable=True
                ),
                "validation",
                False,
            ),
        ],
    )


def run_command(*argv: str) -> int:
    """Run one ``newsgold`` subcommand (only its own module is loaded) and return its exit code."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(prog="newsgold")
    sub = parser.add_subparsers(dest="command", required=True)
    importlib.import_module(f"newsgold.commands.{argv[0]}").register(sub)
    args = parser.parse_args(list(argv))
    return dispatch(args)
