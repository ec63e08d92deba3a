"""Event scoring in the ACE tradition (as in TextEE, OneIE, DyGIE++).

- Trigger identification: a predicted trigger matches a gold trigger span (exact offsets by default;
  ``trigger_match="overlap"`` accepts any overlap). Trigger classification also needs the event type.
  Matching is one-to-one and optimal (type-agreeing pairs first, then exact spans, IoU, realis),
  never greedy.
- Realis: accuracy on identified (span-matched) triggers.
- Arguments, in two conventions, each as identification (span) and classification (span + role):
  ``keyed``: an argument is the tuple (event type, argument span[, role]), the trigger is not needed;
  ``attached``: (trigger span, event type, argument span[, role]), so the argument must also hang on
  the right trigger. A predicted argument hangs on the *gold* trigger its event's trigger was matched
  to (so with ``trigger_match="overlap"`` a trigger off by a character still carries its arguments);
  a predicted event matched to no gold trigger keeps its own trigger span.
  Tuples are multisets: two gold events of one type sharing a place give two tuples.
- Argument spans: a mention argument is scored by its mention's span, a span argument by its span.
  A predicted argument whose mention id cannot be resolved is scored with an empty span, so it counts
  as a wrong prediction, never dropped.

Per type: trigger counts by event type (a matched pair under the gold type); per role: argument
classification counts by role. Micro figures sum over types and roles; macro figures average F1 over
the types (roles) that occur in the gold or the predictions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from newsgold.bench.core import Case, UnitCounts, add, labels_under, pairs_under, prf, sum_under
from newsgold.bench.matching import Key, iou, match
from newsgold.model import Annotation, Event, Span

TRIGGER_MATCHES = ("exact", "overlap")
CONVENTIONS = ("keyed", "attached")


@dataclass(frozen=True, slots=True)
class EventSettings:
    trigger_match: str = "exact"

    def to_dict(self) -> dict[str, object]:
        return {"trigger_match": self.trigger_match}


def _argument_span(
    arg_mention: str | None, arg_span: Span | None, mentions: Mapping[str, Span]
) -> tuple[int, int]:
    if arg_mention is not None:
        s = mentions.get(arg_mention)
        return (-1, -1) if s is None else (s.start, s.end)
    return (-1, -1) if arg_span is None else (arg_span.start, arg_span.end)


def argument_tuples(
    ann: Annotation, triggers: Mapping[int, tuple[int, int]] | None = None
) -> list[tuple[tuple[int, int], str, tuple[int, int], str]]:
    """(trigger span, event type, argument span, role) for every argument of every event.

    ``triggers`` replaces the trigger span of the events at those indices (the gold trigger a
    predicted event was matched to).
    """
    named = {a.mention for e in ann.events for a in e.arguments if a.mention is not None}
    spans = {m.id: m.span for m in ann.mentions if m.id in named} if named else {}
    triggers = triggers or {}
    out = []
    for k, e in enumerate(ann.events):
        trigger = triggers.get(k, (e.trigger.start, e.trigger.end))
        for a in e.arguments:
            out.append((trigger, e.type, _argument_span(a.mention, a.span, spans), a.role))
    return out


def count_events(case: Case, settings: EventSettings = EventSettings()) -> UnitCounts:
    units: UnitCounts = {}
    gold, pred = list(case.gold.events), list(case.pred.events)
    for e in gold:
        add(units, case.unit_of(e.trigger.start), f"ev|trig|gold|{e.type}")
    for e in pred:
        add(units, case.unit_of(e.trigger.start), f"ev|trig|pred|{e.type}")
    exact_only = settings.trigger_match == "exact"

    def key(g: Event, p: Event) -> Key | None:
        gs, ps = g.trigger, p.trigger
        ex = gs.start == ps.start and gs.end == ps.end
        if exact_only and not ex:
            return None
        v = iou(gs, ps)
        if v <= 0:
            return None
        return (int(g.type == p.type), int(ex), v, int(g.realis == p.realis))

    trig = [_TriggerView(e) for e in gold], [_TriggerView(e) for e in pred]
    pairs = match(
        trig[0],
        trig[1],
        lambda g, p: key(g.event, p.event),
        lambda t: (t.start, t.end, t.event.type, t.event.realis),
        lambda t: (t.start, t.end, t.event.type, t.event.realis),
    )
    for i, j in pairs:
        g, p = gold[i], pred[j]
        u = case.unit_of(g.trigger.start)
        add(units, u, f"ev|trig|id|{g.type}")
        if g.type == p.type:
            add(units, u, f"ev|trig|cls|{g.type}")
        add(units, u, f"ev|realis|{g.realis}|{p.realis}")

    attached_to = {j: (gold[i].trigger.start, gold[i].trigger.end) for i, j in pairs}
    g_args, p_args = argument_tuples(case.gold), argument_tuples(case.pred, attached_to)
    for t in g_args:
        add(units, case.unit_of(t[2][0]), f"ev|arg|gold|{t[3]}")
    for t in p_args:
        add(units, case.unit_of(t[2][0]), f"ev|arg|pred|{t[3]}")
    for conv in CONVENTIONS:

        def ident(t: tuple, conv: str = conv) -> tuple:
            return (t[1], t[2]) if conv == "keyed" else (t[0], t[1], t[2])

        gi = Counter(ident(t) for t in g_args)
        pi = Counter(ident(t) for t in p_args)
        for k, n in (gi & pi).items():
            add(units, case.unit_of(k[-1][0]), f"ev|arg|{conv}|id", n)
        gc = Counter(ident(t) + (t[3],) for t in g_args)
        pc = Counter(ident(t) + (t[3],) for t in p_args)
        for k, n in (gc & pc).items():
            add(units, case.unit_of(k[-2][0]), f"ev|arg|{conv}|cls|{k[-1]}", n)
    return units


@dataclass(frozen=True, slots=True)
class _TriggerView:
    event: Event

    @property
    def start(self) -> int:
        return self.event.trigger.start

    @property
    def end(self) -> int:
        return self.event.trigger.end


def event_figures(c: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    n_gold, n_pred = sum_under(c, "ev|trig|gold|"), sum_under(c, "ev|trig|pred|")
    for stage in ("id", "cls"):
        p, r, f = prf(sum_under(c, f"ev|trig|{stage}|"), n_pred, n_gold)
        out[f"events.trigger_{stage}.precision"] = p
        out[f"events.trigger_{stage}.recall"] = r
        out[f"events.trigger_{stage}.f1"] = f
    types = sorted(set(labels_under(c, "ev|trig|gold")) | set(labels_under(c, "ev|trig|pred")))
    per = [
        prf(c.get(f"ev|trig|cls|{t}", 0), c.get(f"ev|trig|pred|{t}", 0), c.get(f"ev|trig|gold|{t}", 0))[2]
        for t in types
    ]
    out["events.trigger_cls.macro.f1"] = sum(per) / len(per) if per else 0.0
    realis = pairs_under(c, "ev|realis")
    n = sum(realis.values())
    out["events.realis.accuracy"] = sum(v for (a, b), v in realis.items() if a == b) / n if n else math.nan
    a_gold, a_pred = sum_under(c, "ev|arg|gold|"), sum_under(c, "ev|arg|pred|")
    for conv in CONVENTIONS:
        for stage in ("id", "cls"):
            tp = c.get(f"ev|arg|{conv}|id", 0) if stage == "id" else sum_under(c, f"ev|arg|{conv}|cls|")
            p, r, f = prf(tp, a_pred, a_gold)
            out[f"events.argument_{stage}.{conv}.precision"] = p
            out[f"events.argument_{stage}.{conv}.recall"] = r
            out[f"events.argument_{stage}.{conv}.f1"] = f
    return out


def event_tables(c: Mapping[str, float]) -> dict[str, object]:
    types = sorted(set(labels_under(c, "ev|trig|gold")) | set(labels_under(c, "ev|trig|pred")))
    per_type = {}
    for t in types:
        g, pr = c.get(f"ev|trig|gold|{t}", 0), c.get(f"ev|trig|pred|{t}", 0)
        p, r, f = prf(c.get(f"ev|trig|cls|{t}", 0), pr, g)
        per_type[t] = {
            "support": int(g),
            "predicted": int(pr),
            "identified": int(c.get(f"ev|trig|id|{t}", 0)),
            "classified": int(c.get(f"ev|trig|cls|{t}", 0)),
            "precision": p,
            "recall": r,
            "f1": f,
        }
    roles = sorted(set(labels_under(c, "ev|arg|gold")) | set(labels_under(c, "ev|arg|pred")))
    per_role: dict[str, dict[str, object]] = {}
    for role in roles:
        g, pr = c.get(f"ev|arg|gold|{role}", 0), c.get(f"ev|arg|pred|{role}", 0)
        row: dict[str, object] = {"support": int(g), "predicted": int(pr)}
        for conv in CONVENTIONS:
            tp = c.get(f"ev|arg|{conv}|cls|{role}", 0)
            p, r, f = prf(tp, pr, g)
            row[conv] = {"correct": int(tp), "precision": p, "recall": r, "f1": f}
        per_role[role] = row
    realis = {f"{a}|{b}": int(v) for (a, b), v in sorted(pairs_under(c, "ev|realis").items())}
    return {"types": per_type, "roles": per_role, "realis_confusion": realis}
