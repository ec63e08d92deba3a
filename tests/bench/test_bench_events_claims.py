"""Event and claim scoring on annotations of the seed document built in the tests."""

from __future__ import annotations

import pytest

from newsgold.bench.core import Case
from newsgold.bench.scorer import Settings, score
from newsgold.convert.tokens import tokenize
from newsgold.model import Argument, Claim, Cluster, Event


def figures_of(seed_doc, gold, pred, tasks):
    return score([Case(seed_doc, gold, pred)], Settings(tasks=tasks)).figures


def test_event_triggers_arguments_and_realis(seed_doc, span_of, mention, annotation) -> None:
    mj, msk = (
        mention("mJ", "TOKYO — Japan", "GPE", inner="Japan"),
        mention("mSK", "Japan and South Korea", "GPE", inner="South Korea"),
    )
    msept, mny = (
        mention("mS", "meet on Sept. 26 on", "DATE", inner="Sept. 26"),
        mention("mNY", "New York", "GPE"),
    )
    meet = span_of("ministers to meet on", inner="meet")
    gold = annotation(
        mentions=(mj, msk, msept, mny),
        events=(
            Event(
                "e1",
                "Contact:Meet",
                meet,
                "planned",
                (
                    Argument("Entity", "mJ"),
                    Argument("Entity", "mSK"),
                    Argument("Time", "mS"),
                    Argument("Place", "mNY"),
                ),
            ),
            Event("e2", "Justice:Rule", span_of("court rulings", inner="rulings"), "actual"),
        ),
    )
    pred = annotation(
        "p",
        mentions=(mj, msk, msept, mny),
        events=(
            Event(
                "p1",
                "Contact:Meet",
                meet,
                "actual",
                (
                    Argument("Entity", "mJ"),
                    Argument("Place", "mSK"),
                    Argument("Time", "mS"),
                    Argument("Place", "mNY"),
                ),
            ),
            Event("p2", "Contact:Negotiate", span_of("court rulings", inner="rulings"), "actual"),
            Event(
                "p3",
                "Conflict:Attack",
                span_of("colonization"),
                "actual",
                (Argument("Attacker", "no-such-mention"),),
            ),
        ),
    )
    f = figures_of(seed_doc, gold, pred, ("events",))
    assert f["events.trigger_id.precision"] == pytest.approx(2 / 3)
    assert f["events.trigger_id.recall"] == pytest.approx(1.0)
    assert f["events.trigger_cls.f1"] == pytest.approx(0.4)
    assert f["events.realis.accuracy"] == pytest.approx(0.5)
    # 4 gold arguments; 5 predicted (the unresolvable one counts as a wrong prediction, never dropped)
    assert f["events.argument_id.keyed.precision"] == pytest.approx(4 / 5)
    assert f["events.argument_id.keyed.recall"] == pytest.approx(1.0)
    assert f["events.argument_cls.keyed.precision"] == pytest.approx(3 / 5)
    assert f["events.argument_cls.keyed.recall"] == pytest.approx(3 / 4)
    assert f["events.argument_cls.attached.f1"] == pytest.approx(f["events.argument_cls.keyed.f1"])


def test_attached_arguments_need_the_trigger(seed_doc, span_of, mention, annotation) -> None:
    mj = mention("mJ", "TOKYO — Japan", "GPE", inner="Japan")
    gold = annotation(
        mentions=(mj,),
        events=(
            Event(
                "e1",
                "Contact:Meet",
                span_of("ministers to meet on", inner="meet"),
                "planned",
                (Argument("Entity", "mJ"),),
            ),
        ),
    )
    pred = annotation(
        "p",
        mentions=(mj,),
        events=(
            Event(
                "e1",
                "Contact:Meet",
                span_of("The meeting, if", inner="meeting"),
                "planned",
                (Argument("Entity", "mJ"),),
            ),
        ),
    )
    f = figures_of(seed_doc, gold, pred, ("events",))
    assert f["events.trigger_id.f1"] == 0.0
    assert f["events.argument_cls.keyed.f1"] == pytest.approx(1.0)
    assert f["events.argument_cls.attached.f1"] == 0.0


def test_claims(seed_doc, span_of, mention, annotation) -> None:
    m1 = mention("m1", "Japanese government officials", "PERSON", kind="nominal")
    m2 = mention("m2", "the Japanese officials", "PERSON", kind="nominal")
    content1 = span_of(
        "Japan and South Korea are making arrangements for their foreign ministers to meet on Sept. 26 "
        "on the margins of the U.N. General Assembly in New York"
    )
    content2 = span_of(
        "Prime Minister Shinzo Abe will not hold talks with South Korean President Moon Jae In"
    )
    content3 = span_of("We’re not in a political situation where we can arrange a summit.")
    said1, said2 = (
        span_of("officials said Thursday", inner="said"),
        span_of("officials said, even", inner="said"),
    )
    gold = annotation(
        mentions=(m1, m2),
        clusters=(Cluster("c1", "PERSON", "Japanese officials", ("m1", "m2")),),
        claims=(
            Claim("cl1", content1, said1, "m1", "mention", "indirect", "affirm"),
            Claim("cl2", content2, said2, "m2", "mention", "indirect", "affirm"),
            Claim("cl3", content3, None, None, "unattributed", "direct", "deny"),
        ),
    )
    p2 = mention("x2", "the Japanese officials", "PERSON", kind="nominal")
    short2 = span_of("Prime Minister Shinzo Abe will not hold talks")
    spurious = span_of("The meeting, if realized, will be an indication")
    pred = annotation(
        "p",
        mentions=(p2,),
        claims=(
            Claim(
                "q1", content1, said1, "x2", "mention", "indirect", "affirm"
            ),  # claimer right only by coreference
            Claim("q2", short2, None, None, "unattributed", "indirect", "affirm"),
            Claim("q3", spurious, None, None, "author", "indirect", "affirm"),
        ),
    )
    f = figures_of(seed_doc, gold, pred, ("claims",))
    assert f["claims.detection_exact.f1"] == pytest.approx(1 / 3)
    assert f["claims.detection_overlap.f1"] == pytest.approx(2 / 3)
    assert f["claims.cue.accuracy"] == pytest.approx(0.5)
    assert f["claims.claimer_exact.accuracy"] == 0.0
    assert f["claims.claimer_coref.accuracy"] == pytest.approx(0.5)
    assert f["claims.form.accuracy"] == pytest.approx(1.0)
    assert f["claims.joint.precision"] == pytest.approx(1 / 3)
    assert f["claims.joint.recall"] == pytest.approx(1 / 3)

    def n(span) -> int:
        return len([t for t in tokenize(seed_doc.text) if t.start < span.end and span.start < t.end])

    shared = n(content1) + n(short2)
    assert f["claims.content_tokens.precision"] == pytest.approx(
        shared / (n(content1) + n(short2) + n(spurious))
    )
    assert f["claims.content_tokens.recall"] == pytest.approx(
        shared / (n(content1) + n(content2) + n(content3))
    )


def test_author_and_unattributed_are_claimer_classes(seed_doc, span_of, annotation) -> None:
    content = span_of(
        "Japan-South Korea ties, which have worsened drastically since late last year, have shown no "
        "signs of improving."
    )
    gold = annotation(claims=(Claim("c", content, None, None, "author", "indirect", "affirm"),))
    right = annotation("p", claims=(Claim("c", content, None, None, "author", "indirect", "affirm"),))
    wrong = annotation("p", claims=(Claim("c", content, None, None, "unattributed", "indirect", "affirm"),))
    assert figures_of(seed_doc, gold, right, ("claims",))["claims.claimer_exact.accuracy"] == 1.0
    assert figures_of(seed_doc, gold, wrong, ("claims",))["claims.claimer_coref.accuracy"] == 0.0
    assert figures_of(seed_doc, gold, wrong, ("claims",))["claims.joint.f1"] == 0.0


def test_mention_kinds_scored_are_a_setting(seed_doc, mention, annotation) -> None:
    from newsgold.bench.entities import EntitySettings, entity_tables
    from newsgold.labels import inventory

    nominal = mention("m2", "Japanese government officials", "PERSON", kind="nominal")
    gold = annotation(mentions=(mention("m1", "TOKYO", "GPE"), nominal))
    pred = annotation("p", mentions=(mention("m1", "TOKYO", "GPE"),))
    names = score([Case(seed_doc, gold, pred)], Settings(tasks=("entities",)))
    assert names.figures["entities.strict.micro.recall"] == 1.0
    both = Settings(entities=EntitySettings(kinds=("name", "nominal")), tasks=("entities",))
    assert score([Case(seed_doc, gold, pred)], both).figures["entities.strict.micro.recall"] == 0.5
    ignored = score([Case(seed_doc, pred, gold)], Settings(tasks=("entities",))).totals
    assert entity_tables(ignored, inventory().entity_types)["ignored_other_kinds"] == 1


@pytest.mark.parametrize("trigger_match, expected", [("overlap", 1.0), ("exact", 0.0)])
def test_attached_arguments_follow_the_matched_trigger(
    seed_doc, span_of, mention, annotation, trigger_match, expected
) -> None:
    from newsgold.bench.events import EventSettings
    from newsgold.model import Span

    mj, mny = mention("mJ", "TOKYO — Japan", "GPE", inner="Japan"), mention("mNY", "New York", "GPE")
    meet = span_of("arranging to meet on", inner="meet")
    assert (meet.start, meet.end) == (47, 51)
    wide = Span(46, 51, seed_doc.text[46:51])  # " meet": off by one character
    args = (Argument("Entity", "mJ"), Argument("Place", "mNY"))
    gold = annotation(mentions=(mj, mny), events=(Event("e1", "Contact:Meet", meet, "planned", args),))
    pred = annotation("p", mentions=(mj, mny), events=(Event("p1", "Contact:Meet", wide, "planned", args),))
    settings = Settings(events=EventSettings(trigger_match), tasks=("events",))
    f = score([Case(seed_doc, gold, pred)], settings).figures
    assert f["events.trigger_cls.f1"] == expected
    assert f["events.argument_cls.attached.f1"] == expected
    assert f["events.argument_id.attached.f1"] == expected
    assert f["events.argument_cls.keyed.f1"] == 1.0  # keyed never looks at the trigger
