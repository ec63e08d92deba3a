"""newsgold annotations <-> Label Studio results, both ways.

:func:`to_results` writes an :class:`~newsgold.model.Annotation` as the ``result`` list of a Label
Studio annotation or prediction; :func:`from_results` reads such a list back, checking everything
Label Studio itself never checks, and returns the annotation (or ``None`` when it has errors) with the
findings. ``from_results(to_results(a))`` is ``a`` for any valid annotation whose cluster members are
listed in mention order and whose event arguments with one filler are adjacent (the order Label Studio
can represent).

Region ids are the annotation's own ids (``m1``, ``e1``, ``cl1``); regions that have no id of their
own are named after their owner: ``e1-arg2`` for the second argument of ``e1`` when it is a bare span,
``cl1-cue`` for the cue of ``cl1``. Label Studio treats ``#`` in a region id as a suffix: ids never
contain one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from newsgold.convert.utf16 import span_from_utf16
from newsgold.findings import Severity
from newsgold.labels import Inventory, inventory
from newsgold.labelstudio import config as C
from newsgold.model import Annotation, Argument, Claim, Cluster, Event, Mention, Span
from newsgold.validate import Finding

Result = dict[str, Any]


# --- out ------------------------------------------------------------------------------------------


def _region(rid: str, control: str, span: Span, label: str) -> Result:
    return {
        "id": rid,
        "from_name": control,
        "to_name": C.TEXT,
        "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [label]},
    }


def _choice(rid: str, control: str, span: Span, value: str | list[str]) -> Result:
    return {
        "id": rid,
        "from_name": control,
        "to_name": C.TEXT,
        "type": "choices",
        "value": {
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "choices": value if isinstance(value, list) else [value],
        },
    }


def _textarea(rid: str, control: str, span: Span, values: list[str]) -> Result:
    return {
        "id": rid,
        "from_name": control,
        "to_name": C.TEXT,
        "type": "textarea",
        "value": {"start": span.start, "end": span.end, "text": values},
    }


def _relation(from_id: str, to_id: str, labels: list[str]) -> Result:
    return {"from_id": from_id, "to_id": to_id, "type": "relation", "direction": "right", "labels": labels}


def cluster_line(cluster: Cluster) -> str:
    return f"{cluster.id} | {cluster.type} | {cluster.name}"


def to_results(ann: Annotation, layers: Collection[str] = C.LAYERS) -> list[Result]:
    """The Label Studio ``result`` list for ``ann``: the given layers of it (default: all).

    Events refer to mentions and claims to mentions and events: a layout's tasks carry the layers its
    edited layers refer to (:data:`newsgold.labelstudio.config.CARRIES`).
    """
    unknown = set(layers) - set(C.LAYERS)
    if unknown:
        raise ValueError(f"unknown layer(s) {sorted(unknown)} (layers: {', '.join(C.LAYERS)})")
    out: list[Result] = []
    relations: list[Result] = []
    member_of: dict[str, list[str]] = {}
    for cl in ann.clusters:
        for mid in cl.mentions:
            member_of.setdefault(mid, []).append(cl.id)
    for m in ann.mentions if C.ENTITIES in layers else ():
        out.append(_region(m.id, C.ENTITY, m.span, m.type))
        out.append(_choice(m.id, C.KIND, m.span, m.kind))
        if m.normalized is not None:
            out.append(_textarea(m.id, C.NORMALIZED, m.span, [m.normalized]))
        if m.id in member_of:
            out.append(_choice(m.id, C.CLUSTER, m.span, member_of[m.id]))
    if ann.clusters and C.ENTITIES in layers:
        out.append(
            {
                "id": "clusters",
                "from_name": C.CLUSTERS,
                "to_name": C.TEXT,
                "type": "textarea",
                "value": {"text": [cluster_line(cl) for cl in ann.clusters]},
            }
        )
    for e in ann.events if C.EVENTS in layers else ():
        out.append(_region(e.id, C.EVENT, e.trigger, e.type))
        out.append(_choice(e.id, C.REALIS, e.trigger, e.realis))
        by_target: dict[str, list[str]] = {}
        for k, arg in enumerate(e.arguments, 1):
            if arg.mention is not None:
                target = arg.mention
            else:
                assert arg.span is not None
                target = f"{e.id}-arg{k}"
                out.append(_region(target, C.ARGUMENT, arg.span, C.ARGUMENT_LABEL))
            by_target.setdefault(target, []).append(arg.role)
        relations.extend(_relation(e.id, t, roles) for t, roles in by_target.items())
    for c in ann.claims if C.CLAIMS in layers else ():
        out.append(_region(c.id, C.CLAIM, c.content, C.CLAIM_LABEL))
        out.append(_choice(c.id, C.FORM, c.content, c.form))
        out.append(_choice(c.id, C.STANCE, c.content, c.stance))
        out.append(_choice(c.id, C.CLAIMER_STATUS, c.content, c.claimer_status))
        if c.cue is not None:
            out.append(_region(f"{c.id}-cue", C.CLAIM, c.cue, C.CUE_LABEL))
            relations.append(_relation(c.id, f"{c.id}-cue", [C.LINK_CUE]))
        if c.claimer is not None:
            relations.append(_relation(c.id, c.claimer, [C.LINK_CLAIMER]))
        relations.extend(_relation(c.id, ev, [C.LINK_ABOUT]) for ev in c.events)
    return out + relations


# --- back -----------------------------------------------------------------------------------------


def _is_str_list(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


@dataclass(slots=True)
class _Region:
    id: str
    control: str
    label: str
    span: Span
    pointer: str
    attrs: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Reader:
    """Reads one ``result`` list against one document text, collecting findings."""

    text: str
    document_id: str | None = None
    file: str | None = None
    pointer: str = ""
    inv: Inventory = field(default_factory=inventory)
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        *,
        pointer: str | None = None,
        item: str | None = None,
        start: int | None = None,
        end: int | None = None,
        severity: Severity = "error",
    ) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                message=message,
                file=self.file,
                document_id=self.document_id,
                pointer=pointer or self.pointer or None,
                annotation_id=item,
                start=start,
                end=end,
            )
        )

    @property
    def errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    # -- spans
    def span(self, value: Any, rid: str, ptr: str) -> Span | None:
        if not isinstance(value, dict):
            self.add("ls-malformed-export", f"region {rid!r}: value is not an object", pointer=ptr, item=rid)
            return None
        start, end, got = value.get("start"), value.get("end"), value.get("text")
        if (
            not (isinstance(start, int) and isinstance(end, int) and isinstance(got, str))
            or isinstance(start, bool)
            or isinstance(end, bool)
        ):
            self.add(
                "ls-malformed-export",
                f"region {rid!r}: start/end must be integers and text a string "
                f"(found start={start!r}, end={end!r})",
                pointer=ptr,
                item=rid,
            )
            return None
        n = len(self.text)
        inside = 0 <= start < end <= n
        if inside and self.text[start:end] == got:
            return Span(start, end, got)
        alt = span_from_utf16(self.text, start, end) if start >= 0 and end >= start else None
        if alt is not None and self.text[alt[0] : alt[1]] == got:
            self.add(
                "ls-utf16-offsets",
                f"region {rid!r}: text {got!r} does not match the document at [{start}, {end}) but "
                f"matches when the offsets are read as UTF-16 units, at code points [{alt[0]}, {alt[1]}) "
                "(offsets must be code points; the export was not converted)",
                pointer=ptr,
                item=rid,
                start=start,
                end=end,
            )
            return None
        found = repr(self.text[start:end]) if inside else f"nothing (document length {n})"
        self.add(
            "ls-span-text-mismatch",
            f"region {rid!r}: text {got!r} does not match the document at [{start}, {end}), "
            f"which holds {found}",
            pointer=ptr,
            item=rid,
            start=start,
            end=end,
        )
        return None

    def read(self, results: Any, annotator: str, text_sha256: str) -> Annotation | None:
        """The annotation in ``results``, or ``None`` when an error was found."""
        if not isinstance(results, list):
            self.add("ls-malformed-export", "result is not a list")
            return None
        ctl = C.controls(self.inv)
        regions: dict[str, _Region] = {}
        order: list[str] = []
        attrs: list[tuple[str, str, list[str], str]] = []
        relations: list[tuple[Result, str]] = []
        cluster_lines: list[tuple[str, str]] = []
        for k, r in enumerate(results):
            ptr = f"{self.pointer}/{k}"
            if not isinstance(r, dict) or not isinstance(r.get("type"), str):
                self.add("ls-malformed-export", "result item is not an object with a type", pointer=ptr)
                continue
            if r["type"] == "relation":
                relations.append((r, ptr))
                continue
            control, rid, value = r.get("from_name"), r.get("id"), r.get("value")
            if not isinstance(control, str) or control not in ctl.names:
                self.add(
                    "ls-unknown-control",
                    f"unknown control {control!r} (type {r['type']!r}); "
                    f"the config has {', '.join(sorted(ctl.names))}",
                    pointer=ptr,
                    item=rid if isinstance(rid, str) else None,
                )
                continue
            if r.get("to_name", C.TEXT) != C.TEXT:
                self.add(
                    "ls-unknown-control",
                    f"unknown object {r.get('to_name')!r} (expected {C.TEXT!r})",
                    pointer=ptr,
                )
                continue
            if not isinstance(value, dict):
                self.add("ls-malformed-export", f"result of {control!r} has no value object", pointer=ptr)
                continue
            if control == C.CLUSTERS:
                lines = value.get("text")
                if not _is_str_list(lines):
                    self.add("ls-malformed-export", "clusters: text must be a list of strings", pointer=ptr)
                    continue
                cluster_lines.extend((line, f"{ptr}/value/text/{i}") for i, line in enumerate(lines))
                continue
            if not isinstance(rid, str) or not rid:
                self.add("ls-malformed-export", f"result of {control!r} has no region id", pointer=ptr)
                continue
            if "#" in rid:
                self.add("ls-malformed-export", f"region id {rid!r} contains '#'", pointer=ptr, item=rid)
                continue
            if control in ctl.labels:
                if r["type"] != "labels":
                    self.add(
                        "ls-malformed-export",
                        f"control {control!r} gives type {r['type']!r}, expected 'labels'",
                        pointer=ptr,
                        item=rid,
                    )
                    continue
                labels = value.get("labels")
                if not _is_str_list(labels):
                    self.add(
                        "ls-malformed-export",
                        f"region {rid!r}: value.labels must be a list of strings",
                        pointer=ptr,
                        item=rid,
                    )
                    continue
                if len(labels) != 1:
                    self.add(
                        "ls-unknown-label",
                        f"region {rid!r} needs exactly one {control} label, found {labels!r}",
                        pointer=ptr,
                        item=rid,
                    )
                    continue
                if labels[0] not in ctl.labels[control]:
                    self.add(
                        "ls-unknown-label",
                        f"region {rid!r}: {labels[0]!r} is not a label of {control!r} "
                        f"(labels: {', '.join(ctl.labels[control])})",
                        pointer=ptr,
                        item=rid,
                    )
                    continue
                span = self.span(value, rid, ptr)
                if span is None:
                    continue
                if rid in regions:
                    self.add(
                        "ls-malformed-export", f"region id {rid!r} labelled twice", pointer=ptr, item=rid
                    )
                    continue
                regions[rid] = _Region(rid, control, labels[0], span, ptr)
                order.append(rid)
                continue
            # per-region choices and text areas; a choice with options from the task (the cluster) may
            # also come as a text area, as exports made with an earlier config have it
            if control in ctl.dynamic:
                key = "choices" if r["type"] == "choices" else "text"
            else:
                key = "choices" if control in ctl.choices else "text"
            vals = value.get(key)
            if not _is_str_list(vals):
                self.add(
                    "ls-malformed-export",
                    f"region {rid!r}: {control} {key} must be a list of strings",
                    pointer=ptr,
                    item=rid,
                )
                continue
            if control in ctl.choices:
                bad = [v for v in vals if v not in ctl.choices[control]]
                if bad or len(vals) != 1:
                    self.add(
                        "ls-unknown-label",
                        f"region {rid!r}: {control} must be one of "
                        f"{', '.join(ctl.choices[control])}, found {vals!r}",
                        pointer=ptr,
                        item=rid,
                    )
                    continue
            attrs.append((rid, control, vals, ptr))
        for rid, control, vals, ptr in attrs:
            if rid not in regions:
                if not any(f.annotation_id == rid for f in self.findings):
                    self.add(
                        "ls-dangling-relation",
                        f"{control} given for region {rid!r}, which has no label",
                        pointer=ptr,
                        item=rid,
                    )
                continue
            regions[rid].attrs[control] = [v.strip() for v in vals if v.strip()]
        return self._build(ctl, regions, order, relations, cluster_lines, annotator, text_sha256)

    def _build(
        self,
        ctl: C.Controls,
        regions: dict[str, _Region],
        order: list[str],
        relations: list[tuple[Result, str]],
        cluster_lines: list[tuple[str, str]],
        annotator: str,
        text_sha256: str,
    ) -> Annotation | None:
        allowed_attrs = {
            C.ENTITY: {C.KIND, C.NORMALIZED, C.CLUSTER},
            C.EVENT: {C.REALIS},
            C.CLAIM: {C.FORM, C.STANCE, C.CLAIMER_STATUS},
            C.ARGUMENT: set(),
        }
        for rid in order:
            reg = regions[rid]
            allowed = allowed_attrs[reg.control] if reg.label != C.CUE_LABEL else set()
            for attr in reg.attrs:
                if attr not in allowed:
                    self.add(
                        "ls-unknown-control",
                        f"region {rid!r} ({reg.label}) does not take {attr!r}",
                        pointer=reg.pointer,
                        item=rid,
                    )

        def kind_of(rid: str) -> str:
            reg = regions[rid]
            return "cue" if reg.label == C.CUE_LABEL else reg.control

        # relations: oriented by what they connect, whichever way they were drawn
        args: dict[str, list[Argument]] = {}
        cue: dict[str, str] = {}
        claimer: dict[str, str] = {}
        about: dict[str, list[str]] = {}
        linked: set[str] = set()
        pairs = {
            (C.EVENT, C.ENTITY),
            (C.EVENT, C.ARGUMENT),
            (C.CLAIM, "cue"),
            (C.CLAIM, C.ENTITY),
            (C.CLAIM, C.EVENT),
        }
        rejected = {f.annotation_id for f in self.findings if f.annotation_id}
        for r, ptr in relations:
            a: Any = r.get("from_id")
            b: Any = r.get("to_id")
            labels = r.get("labels", [])
            if not _is_str_list(labels) or not labels:
                self.add(
                    "ls-malformed-export",
                    f"relation {a!r} -> {b!r} has no labels (expected a role or {', '.join(C.LINKS)})",
                    pointer=ptr,
                )
                continue
            missing = [x for x in (a, b) if not isinstance(x, str) or x not in regions]
            if missing and all(isinstance(x, str) and x in rejected for x in missing):
                continue  # a region already reported (bad span, unknown label): no second finding
            if missing:
                self.add(
                    "ls-dangling-relation",
                    f"relation {a!r} -> {b!r} ({', '.join(labels)}) points at "
                    f"{', '.join(map(repr, missing))}, which is not a labelled region",
                    pointer=ptr,
                    item=b if isinstance(b, str) else None,
                )
                continue
            assert isinstance(a, str) and isinstance(b, str)
            unknown = [x for x in labels if x not in ctl.relation_labels]
            if unknown:
                self.add(
                    "ls-unknown-label",
                    f"relation {a!r} -> {b!r}: unknown relation label(s) {', '.join(map(repr, unknown))}",
                    pointer=ptr,
                    item=a,
                )
                continue
            if (kind_of(a), kind_of(b)) not in pairs and (kind_of(b), kind_of(a)) in pairs:
                a, b = b, a
            ka, kb = kind_of(a), kind_of(b)
            if regions[a].label == C.CUE_LABEL or (ka, kb) not in pairs:
                self.add(
                    "ls-relation-not-allowed",
                    f"relation {a!r} ({regions[a].label}) -> {b!r} "
                    f"({regions[b].label}) with {', '.join(labels)}: no relation joins these",
                    pointer=ptr,
                    item=a,
                )
                continue
            if ka == C.EVENT:
                etype = regions[a].label
                bad = [x for x in labels if x not in self.inv.roles_for(etype)]
                if bad:
                    self.add(
                        "ls-relation-not-allowed",
                        f"event {a!r} ({etype}) does not take role(s) "
                        f"{', '.join(map(repr, bad))}; allowed: {', '.join(self.inv.roles_for(etype))}",
                        pointer=ptr,
                        item=a,
                    )
                    continue
                for role in labels:
                    if kb == C.ENTITY:
                        args.setdefault(a, []).append(Argument(role, mention=b))
                    else:
                        args.setdefault(a, []).append(Argument(role, span=regions[b].span))
                linked.add(b)
                continue
            expected = {"cue": C.LINK_CUE, C.ENTITY: C.LINK_CLAIMER, C.EVENT: C.LINK_ABOUT}[kb]
            if regions[a].label != C.CLAIM_LABEL or labels != [expected]:
                self.add(
                    "ls-relation-not-allowed",
                    f"relation {a!r} ({regions[a].label}) -> {b!r} "
                    f"({regions[b].label}) must be labelled {expected!r} alone, found "
                    f"{', '.join(map(repr, labels))}",
                    pointer=ptr,
                    item=a,
                )
                continue
            if expected == C.LINK_ABOUT:
                about.setdefault(a, []).append(b)
                continue
            table = cue if expected == C.LINK_CUE else claimer
            if a in table:
                self.add(
                    "ls-relation-not-allowed",
                    f"claim {a!r} has more than one {expected}",
                    pointer=ptr,
                    item=a,
                )
                continue
            table[a] = b
            linked.add(b)

        def need(reg: _Region, attr: str, what: str) -> str | None:
            vals = reg.attrs.get(attr, [])
            if len(vals) != 1:
                self.add(
                    "ls-missing-attribute",
                    f"{what} {reg.id!r} ({reg.label}, {reg.span.text!r}) has "
                    f"{'no' if not vals else 'more than one'} {attr}",
                    pointer=reg.pointer,
                    item=reg.id,
                    start=reg.span.start,
                    end=reg.span.end,
                )
                return None
            return vals[0]

        mentions: list[Mention] = []
        events: list[Event] = []
        claims: list[Claim] = []
        members: dict[str, list[str]] = {}
        for rid in order:
            reg = regions[rid]
            if reg.control == C.ENTITY:
                kind = need(reg, C.KIND, "mention")
                norm = reg.attrs.get(C.NORMALIZED, [])
                if len(norm) > 1:
                    self.add(
                        "ls-missing-attribute",
                        f"mention {rid!r} has more than one normalized value",
                        pointer=reg.pointer,
                        item=rid,
                    )
                for cid in reg.attrs.get(C.CLUSTER, []):
                    members.setdefault(cid, []).append(rid)
                if kind is not None:
                    mentions.append(
                        Mention(
                            rid,
                            reg.span.start,
                            reg.span.end,
                            reg.span.text,
                            reg.label,
                            kind,
                            norm[0] if norm else None,
                        )
                    )
            elif reg.control == C.EVENT:
                realis = need(reg, C.REALIS, "event")
                if realis is not None:
                    events.append(Event(rid, reg.label, reg.span, realis, tuple(args.get(rid, ()))))
            elif reg.control == C.ARGUMENT and rid not in linked:
                self.add(
                    "ls-dangling-relation",
                    f"argument span {rid!r} ({reg.span.text!r}) is not linked to an event",
                    pointer=reg.pointer,
                    item=rid,
                    start=reg.span.start,
                    end=reg.span.end,
                )
            elif reg.label == C.CUE_LABEL and rid not in linked:
                self.add(
                    "ls-dangling-relation",
                    f"cue {rid!r} ({reg.span.text!r}) is not linked to a claim",
                    pointer=reg.pointer,
                    item=rid,
                    start=reg.span.start,
                    end=reg.span.end,
                )
            elif reg.label == C.CLAIM_LABEL:
                form = need(reg, C.FORM, "claim")
                stance = need(reg, C.STANCE, "claim")
                status = need(reg, C.CLAIMER_STATUS, "claim")
                who = claimer.get(rid)
                if status == "mention" and who is None:
                    self.add(
                        "ls-missing-attribute",
                        f"claim {rid!r} has claimer status 'mention' but no claimer relation to a mention",
                        pointer=reg.pointer,
                        item=rid,
                    )
                    continue
                if form is None or stance is None or status is None:
                    continue
                cue_span = regions[cue[rid]].span if rid in cue else None
                claims.append(
                    Claim(rid, reg.span, cue_span, who, status, form, stance, tuple(about.get(rid, ())))
                )
        clusters = self._clusters(cluster_lines, members)
        if self.errors:
            return None
        return Annotation(
            document_id=self.document_id or "",
            text_sha256=text_sha256,
            annotator=annotator,
            mentions=tuple(mentions),
            clusters=tuple(clusters),
            events=tuple(events),
            claims=tuple(claims),
        )

    def _clusters(self, lines: Sequence[tuple[str, str]], members: dict[str, list[str]]) -> list[Cluster]:
        out: list[Cluster] = []
        seen: set[str] = set()
        for line, ptr in lines:
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) != 3 or not all(parts):
                self.add(
                    "ls-missing-attribute", f"cluster line {line!r} is not 'id | type | name'", pointer=ptr
                )
                continue
            cid, ctype, name = parts
            if ctype not in self.inv.entity_types:
                self.add(
                    "ls-unknown-label",
                    f"cluster {cid!r}: {ctype!r} is not an entity type",
                    pointer=ptr,
                    item=cid,
                )
                continue
            if cid in seen:
                self.add("ls-malformed-export", f"cluster {cid!r} is defined twice", pointer=ptr, item=cid)
                continue
            seen.add(cid)
            if cid not in members:
                self.add(
                    "ls-missing-attribute",
                    f"cluster {cid!r} ({name}) has no member mentions",
                    pointer=ptr,
                    item=cid,
                )
                continue
            out.append(Cluster(cid, ctype, name, tuple(members[cid])))
        for cid, mids in members.items():
            if cid not in seen:
                self.add(
                    "ls-missing-attribute",
                    f"cluster {cid!r} (used by {', '.join(mids)}) has no line "
                    f"'{cid} | type | name' in {C.CLUSTERS}",
                    item=cid,
                )
        return out


def from_results(
    results: Any,
    text: str,
    *,
    document_id: str,
    text_sha256: str,
    annotator: str,
    file: str | None = None,
    pointer: str = "",
) -> tuple[Annotation | None, list[Finding]]:
    """Read a Label Studio ``result`` list as an annotation of ``text``; see :class:`Reader`."""
    reader = Reader(text, document_id=document_id, file=file, pointer=pointer)
    ann = reader.read(results, annotator, text_sha256)
    return ann, reader.findings
