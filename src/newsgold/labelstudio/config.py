"""The Label Studio labeling config, generated from the label inventory.

One config per layout (:data:`LAYOUTS`): ``all`` is committed as ``schema/labelstudio.xml``, the others
as ``schema/labelstudio-<layout>.xml`` (``newsgold ls config --write``); a test regenerates them and
compares. Every layout uses the same control names, so one import reads the results of any of them.
Control names and structural labels are defined here once and used by the mapping and the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from newsgold.labels import Inventory, inventory
from newsgold.paths import schema_dir

TEXT = "text"
# Region (span) controls: one <Labels> per layer.
ENTITY = "entity"
EVENT = "event"
CLAIM = "claim"
ARGUMENT = "argument"
# Per-region attributes.
KIND = "kind"
NORMALIZED = "normalized"
CLUSTER = "cluster"
REALIS = "realis"
FORM = "form"
STANCE = "stance"
CLAIMER_STATUS = "claimer_status"
# Document-level text area: one line per cluster, "<id> | <type> | <name>".
CLUSTERS = "clusters"
RELATIONS = "relations"

CLAIM_LABEL = "Claim"
CUE_LABEL = "Cue"
ARGUMENT_LABEL = "Argument"
# Relation labels other than roles.
LINK_CUE = "cue"
LINK_CLAIMER = "claimer"
LINK_ABOUT = "about"
LINKS = (LINK_CUE, LINK_CLAIMER, LINK_ABOUT)

FILENAME = "labelstudio.xml"

# Layouts of the labeling page. ``all``: every layer, labels above the text (the committed
# schema/labelstudio.xml). ``side``: every layer, the text in its own scrolling column and the labels
# and per-region fields in a column beside it. ``entities``, ``events``, ``claims``: one layer each,
# laid out like ``side``.
LAYOUTS = ("all", "side", "entities", "events", "claims")
DEFAULT_LAYOUT = "all"
ENTITIES, EVENTS, CLAIMS = "entities", "events", "claims"
LAYERS = (ENTITIES, EVENTS, CLAIMS)
# What a layout's annotators edit, and what its tasks carry: the edited layers with the layers they
# refer to (arguments name mentions; claims name mentions and events), shown but not edited.
EDITS: dict[str, tuple[str, ...]] = {
    "all": LAYERS,
    "side": LAYERS,
    ENTITIES: (ENTITIES,),
    EVENTS: (EVENTS,),
    CLAIMS: (CLAIMS,),
}
CARRIES: dict[str, tuple[str, ...]] = {
    "all": LAYERS,
    "side": LAYERS,
    ENTITIES: (ENTITIES,),
    EVENTS: (ENTITIES, EVENTS),
    CLAIMS: LAYERS,
}
# Task data key of the coreference cluster options of a task (see newsgold.labelstudio.tasks).
CLUSTER_OPTIONS = "cluster_options"


@dataclass(frozen=True, slots=True)
class Controls:
    """What the config allows: labels per region control, choices per per-region control."""

    labels: dict[str, tuple[str, ...]]
    choices: dict[str, tuple[str, ...]]
    textareas: tuple[str, ...]
    relation_labels: tuple[str, ...]
    # per-region choices whose options come from each task's data (any value; checked by the import)
    dynamic: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        return (
            frozenset(self.labels)
            | frozenset(self.choices)
            | frozenset(self.textareas)
            | frozenset(self.dynamic)
        )


def controls(inv: Inventory | None = None) -> Controls:
    inv = inv or inventory()
    clash = set(inv.roles) & set(LINKS)
    if clash:
        raise ValueError(f"role names clash with claim link names: {sorted(clash)}")
    return Controls(
        labels={
            ENTITY: inv.entity_types,
            EVENT: tuple(inv.event_types),
            CLAIM: (CLAIM_LABEL, CUE_LABEL),
            ARGUMENT: (ARGUMENT_LABEL,),
        },
        choices={
            KIND: inv.mention_kinds,
            REALIS: inv.realis,
            FORM: inv.claim_forms,
            STANCE: inv.stances,
            CLAIMER_STATUS: inv.claimer_statuses,
        },
        textareas=(NORMALIZED, CLUSTERS),
        relation_labels=inv.roles + LINKS,
        dynamic=(CLUSTER,),
    )


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (layouts: {', '.join(LAYOUTS)})")
    return layout


def _a(value: str) -> str:
    return quoteattr(value)


def _options(tag: str, names: tuple[str, ...], definitions: dict[str, str] | None, indent: str) -> list[str]:
    out = []
    for name in names:
        hint = "" if not definitions or name not in definitions else f" hint={_a(definitions[name])}"
        out.append(f"{indent}<{tag} value={_a(name)}{hint}/>")
    return out


class _Parts:
    """The pieces of every layout, each a list of lines at a given indent."""

    def __init__(self, inv: Inventory) -> None:
        self.inv = inv
        self.c = controls(inv)
        self.d = inv.definitions

    def labels(self, name: str, ind: str, *, filtered: bool = False) -> list[str]:
        defs = {
            ENTITY: self.d["entity_types"],
            EVENT: {k: v.definition for k, v in self.inv.event_types.items()},
        }.get(name)
        filt = (
            [
                f'{ind}<Filter name={_a(name + "_filter")} toName={_a(name)} minlength="1"'
                f" placeholder={_a('type to filter the ' + name + ' labels')}/>"
            ]
            if filtered
            else []
        )
        return [
            *filt,
            f'{ind}<Labels name={_a(name)} toName={_a(TEXT)} choice="single">',
            *_options("Label", self.c.labels[name], defs, ind + "  "),
            f"{ind}</Labels>",
        ]

    def entity_fields(self, ind: str) -> list[str]:
        i2 = ind + "  "
        return [
            f'{ind}<View visibleWhen="region-selected" whenTagName={_a(ENTITY)}>',
            f'{i2}<Choices name={_a(KIND)} toName={_a(TEXT)} perRegion="true" choice="single"'
            ' showInline="true">',
            *_options("Choice", self.c.choices[KIND], self.d["mention_kinds"], i2 + "  "),
            f"{i2}</Choices>",
            f'{i2}<Header value="Coreference cluster (new clusters also need a line in the cluster list)"'
            ' size="6"/>',
            f'{i2}<Choices name={_a(CLUSTER)} toName={_a(TEXT)} perRegion="true" choice="multiple"'
            f' layout="select" value={_a("$" + CLUSTER_OPTIONS)}/>',
            f'{i2}<TextArea name={_a(NORMALIZED)} toName={_a(TEXT)} perRegion="true" maxSubmissions="1"'
            ' editable="true" placeholder="DATE/TIME value (TIMEX3), e.g. 2019-09-26"/>',
            f"{ind}</View>",
        ]

    def event_fields(self, ind: str) -> list[str]:
        i2 = ind + "  "
        return [
            f'{ind}<View visibleWhen="region-selected" whenTagName={_a(EVENT)}>',
            f'{i2}<Choices name={_a(REALIS)} toName={_a(TEXT)} perRegion="true" choice="single"'
            ' showInline="true">',
            *_options("Choice", self.c.choices[REALIS], self.d["realis"], i2 + "  "),
            f"{i2}</Choices>",
            f"{ind}</View>",
        ]

    def claim_fields(self, ind: str) -> list[str]:
        i2 = ind + "  "
        return [
            f'{ind}<View visibleWhen="region-selected" whenTagName={_a(CLAIM)}'
            f" whenLabelValue={_a(CLAIM_LABEL)}>",
            *(
                line
                for name, group in (
                    (FORM, "claim_forms"),
                    (STANCE, "stances"),
                    (CLAIMER_STATUS, "claimer_statuses"),
                )
                for line in (
                    f'{i2}<Choices name={_a(name)} toName={_a(TEXT)} perRegion="true" choice="single"'
                    ' showInline="true">',
                    *_options("Choice", self.c.choices[name], self.d[group], i2 + "  "),
                    f"{i2}</Choices>",
                )
            ),
            f"{ind}</View>",
        ]

    def cluster_list(self, ind: str) -> list[str]:
        return [
            f'{ind}<Header value="Coreference clusters: one line per cluster,'
            ' &quot;id | type | name&quot;"/>',
            f'{ind}<TextArea name={_a(CLUSTERS)} toName={_a(TEXT)} editable="true" rows="4"/>',
        ]

    def relations(self, labels: tuple[str, ...], ind: str) -> list[str]:
        return [
            f'{ind}<Relations name={_a(RELATIONS)} toName={_a(TEXT)} choice="multiple">',
            *_options("Relation", labels, None, ind + "  "),
            f"{ind}</Relations>",
        ]


def _generate_all(p: _Parts) -> list[str]:
    """Every layer, the labels above the text (the layout of schema/labelstudio.xml)."""
    i2 = "  "
    return [
        "<View>",
        f'{i2}<Header value="Entity mentions (label = type; then choose kind, cluster, DATE/TIME value)"/>',
        *p.labels(ENTITY, i2),
        f'{i2}<Header value="Event triggers (label = type; then choose realis; arguments are relations)"/>',
        *p.labels(EVENT, i2),
        f'{i2}<Header value="Claims (content and cue; link cue, claimer and events by relations)"/>',
        *p.labels(CLAIM, i2),
        f'{i2}<Header value="Argument spans that are not entity mentions"/>',
        *p.labels(ARGUMENT, i2),
        f'{i2}<Text name={_a(TEXT)} value="$text"/>',
        *p.relations(p.c.relation_labels, i2),
        *p.entity_fields(i2),
        *p.event_fields(i2),
        *p.claim_fields(i2),
        *p.cluster_list(i2),
        "</View>",
    ]


# Side layouts: what each layer shows in the side column (its per-region fields first, so that they
# appear beside the text when a region is selected, then its labels).
_HINTS = {
    ENTITIES: "Entity mentions: select text, then a type; with the mention selected, choose its kind, "
    "cluster and DATE/TIME value above",
    EVENTS: "Event triggers: select text, then a type; choose realis; draw a relation from the trigger "
    "to each argument (an entity mention, or an Argument span) and label it with the role",
    CLAIMS: "Claims: label the content Claim and the cue Cue; choose form, stance and claimer status; "
    "draw relations from the claim: cue (to its Cue), claimer (to a mention), about (to events)",
}


def _layer_fields(p: _Parts, layer: str, ind: str) -> list[str]:
    return {ENTITIES: p.entity_fields, EVENTS: p.event_fields, CLAIMS: p.claim_fields}[layer](ind)


def _layer_labels(p: _Parts, layer: str, ind: str, *, shown: bool) -> list[str]:
    if layer == ENTITIES:
        return [*p.labels(ENTITY, ind, filtered=shown), *p.cluster_list(ind)]
    if layer == EVENTS:
        return [
            *p.labels(EVENT, ind, filtered=shown),
            *(
                [f'{ind}<Header value="Argument spans that are not entity mentions" size="6"/>']
                if shown
                else []
            ),
            *p.labels(ARGUMENT, ind),
        ]
    return p.labels(CLAIM, ind)


def _generate_side(p: _Parts, layout: str) -> list[str]:
    """The text in a scrolling column, the edited layers' fields and labels in a column beside it; the
    layers the edited ones refer to are carried in a hidden part (their regions show on the text)."""
    edits, carried = EDITS[layout], [x for x in CARRIES[layout] if x not in EDITS[layout]]
    i2, i4, i6 = "  ", "    ", "      "
    roles, links = p.c.relation_labels[: -len(LINKS)], LINKS
    relation_labels = {
        ENTITIES: (),
        EVENTS: roles,
        CLAIMS: links + roles,  # roles too: the carried events keep their arguments
    }.get(layout, p.c.relation_labels)
    lines = [
        "<View>",
        f'{i2}<View style="display: flex; align-items: flex-start; gap: 1em">',
        f'{i4}<View style="flex: 1 1 60%; min-width: 0; max-height: 80vh; overflow-y: auto">',
        f'{i6}<Text name={_a(TEXT)} value="$text"/>',
        f"{i4}</View>",
        f'{i4}<View style="flex: 1 1 40%; min-width: 18em; max-height: 80vh; overflow-y: auto">',
    ]
    for layer in edits:
        lines += _layer_fields(p, layer, i6)
    for layer in edits:
        lines.append(f'{i6}<Header value={_a(_HINTS[layer])} size="5"/>')
        lines += _layer_labels(p, layer, i6, shown=True)
    lines += [f"{i4}</View>", f"{i2}</View>"]
    if relation_labels:
        lines += p.relations(relation_labels, i2)
    if carried:
        lines.append(f'{i2}<View style="display: none">')
        for layer in carried:
            lines += _layer_labels(p, layer, i4, shown=False)
            lines += _layer_fields(p, layer, i4)
        lines.append(f"{i2}</View>")
    lines.append("</View>")
    return lines


def generate(inv: Inventory | None = None, layout: str = DEFAULT_LAYOUT) -> str:
    """The labeling config XML of ``layout`` (a string ending in a newline)."""
    inv = inv or inventory()
    check_layout(layout)
    p = _Parts(inv)
    body = _generate_all(p) if layout == "all" else _generate_side(p, layout)
    # (an XML comment may not hold "--", so the option is named without its dashes)
    which = "" if layout == DEFAULT_LAYOUT else f" (layout {layout})"
    header = (
        f"<!-- Generated from schema/labels.json (inventory {inv.version}) by the command"
        f" newsgold ls config{which}. Do not edit. -->"
    )
    return "\n".join([header, *body]) + "\n"


def filename(layout: str = DEFAULT_LAYOUT) -> str:
    return FILENAME if check_layout(layout) == DEFAULT_LAYOUT else f"labelstudio-{layout}.xml"


def config_path(layout: str = DEFAULT_LAYOUT) -> Path:
    return schema_dir() / filename(layout)
