"""The data model: lossless JSON round trips for every record type, in both directions."""

from __future__ import annotations

import pytest

from checkout import SEED_DOCUMENT
from newsgold import paths
from newsgold.io import dumps, read_json
from newsgold.model import (
    Annotation,
    Argument,
    Claim,
    Cluster,
    Document,
    Event,
    Mention,
    Metadata,
    Paragraph,
    Provenance,
    Removal,
    Segment,
    Span,
)

SEED = SEED_DOCUMENT

RECORDS = [
    Span(0, 5, "Japan"),
    Mention("m1", 0, 5, "Japan", "GPE", "name"),
    Mention("m2", 10, 18, "Sept. 26", "DATE", "name", "2019-09-26"),
    Mention("m3", 20, 23, "his", "PERSON", "pronoun"),
    Cluster("c1", "GPE", "Japan", ("m1", "m4")),
    Argument("Entity", mention="m1"),
    Argument("Topic", span=Span(30, 42, "wartime labor")),
    Event(
        "e1",
        "Contact:Meet",
        Span(6, 10, "meet"),
        "planned",
        (Argument("Entity", mention="m1"), Argument("Time", span=Span(10, 18, "Sept. 26"))),
    ),
    Event("e2", "Life:Die", Span(1, 4, "die"), "negated"),
    Claim("cl1", Span(0, 40, "x" * 40), Span(41, 45, "said"), "m9", "mention", "indirect", "affirm", ("e1",)),
    Claim("cl2", Span(0, 4, "abcd"), None, None, "author", "direct", "uncertain"),
    Paragraph(0, 63, "headline"),
    Removal(7, 9, "metadata-bullets", "  • September 19, 2019"),
    Metadata(
        "T",
        "2019-09-19T21:31:00+09:00",
        "9:31 p.m.",
        "Kyodo News",
        ("A", "B"),
        Span(65, 70, "TOKYO"),
        "en",
        "Kyodo News",
        "All rights reserved",
        False,
        "https://example.org/a",
    ),
    Metadata("T", None, None, None),
    Provenance(
        "corpus/raw/x.txt",
        "0" * 64,
        "utf-8",
        "textdump",
        "1.0.0",
        (Segment(0, 5, 10, 15), Segment(7, 9, 20, 23)),
        (Removal(1, 1, "print-header", "print"),),
    ),
]


def annotation() -> Annotation:
    return Annotation(
        "d1",
        "a" * 64,
        "gold",
        tuple(r for r in RECORDS if isinstance(r, Mention)),
        tuple(r for r in RECORDS if isinstance(r, Cluster)),
        tuple(r for r in RECORDS if isinstance(r, Event)),
        tuple(r for r in RECORDS if isinstance(r, Claim)),
    )


@pytest.mark.parametrize("record", [*RECORDS, annotation()], ids=lambda r: type(r).__name__)
def test_record_to_dict_from_dict_is_identity(record) -> None:
    d = record.to_dict()
    again = type(record).from_dict(d)
    assert again == record
    assert again.to_dict() == d  # and back: the dict form is stable too


def test_segment_round_trip() -> None:
    s = Segment(0, 5, 10, 15)
    assert Segment(*s.to_list()) == s


def test_seed_document_round_trips_byte_for_byte() -> None:
    raw = SEED.read_bytes()
    doc = Document.from_dict(read_json(SEED))
    assert dumps(doc.to_dict()) == raw


def test_annotation_files_round_trip_losslessly() -> None:
    annotators = paths.gold_dir().parent / "annotators"
    files = sorted(paths.gold_dir().glob("*.json")) + sorted(annotators.glob("*/*.json"))
    files.append(paths.project_root() / "tests/validation/_valid/annotations/gold/fixture-doc.json")
    for path in files:
        data = read_json(path)
        assert Annotation.from_dict(data).to_dict() == data, path


def test_span_of_carries_the_text() -> None:
    assert Span.of("Japan and Korea", 10, 15) == Span(10, 15, "Korea")


def test_provenance_maps_cleaned_offsets_to_raw() -> None:
    prov = Provenance("r", "0" * 64, "utf-8", "textdump", "1", (Segment(0, 5, 10, 15),))
    assert prov.to_raw(3) == 13 and prov.to_raw(7) is None
