"""The Label Studio labeling config, generated from the label inventory.

The committed copy is ``schema/labelstudio.xml`` (``newsgold ls config --write``); a test regenerates it
and compares. Control names and structural labels are defined here once and used by the mapping and
the import.
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


@dataclass(frozen=True, slots=True)
class Controls:
    """What the config allows: labels per region control, choices per per-region control."""

    labels: dict[str, tuple[str, ...]]
    choices: dict[str, tuple[str, ...]]
    textareas: tuple[str, ...]
    relation_labels: tuple[str, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.labels) | frozenset(self.choices) | frozenset(self.textareas)


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
        textareas=(NORMALIZED, CLUSTER, CLUSTERS),
        relation_labels=inv.roles + LINKS,
    )


def _a(value: str) -> str:
    return quoteattr(value)


def _options(tag: str, names: tuple[str, ...], definitions: dict[str, str] | None, indent: str) -> list[str]:
    out = []
    for name in names:
        hint = "" if not definitions or name not in definitions else f" hint={_a(definitions[name])}"
        out.append(f"{indent}<{tag} value={_a(name)}{hint}/>")
    return out


def generate(inv: Inventory | None = None) -> str:
    """The labeling config XML (a string ending in a newline)."""
    inv = inv or inventory()
    c = controls(inv)
    d = inv.definitions
    i2, i4, i6 = "  ", "    ", "      "
    lines = [
        f"<!-- Generated from schema/labels.json (inventory {inv.version}) by the command"
        " newsgold ls config. Do not edit. -->",
        "<View>",
        f'{i2}<Header value="Entity mentions (label = type; then choose kind, cluster, DATE/TIME value)"/>',
        f'{i2}<Labels name={_a(ENTITY)} toName={_a(TEXT)} choice="single">',
        *_options("Label", c.labels[ENTITY], d["entity_types"], i4),
        f"{i2}</Labels>",
        f'{i2}<Header value="Event triggers (label = type; then choose realis; arguments are relations)"/>',
        f'{i2}<Labels name={_a(EVENT)} toName={_a(TEXT)} choice="single">',
        *_options("Label", c.labels[EVENT], {k: v.definition for k, v in inv.event_types.items()}, i4),
        f"{i2}</Labels>",
        f'{i2}<Header value="Claims (content and cue; link cue, claimer and events by relations)"/>',
        f'{i2}<Labels name={_a(CLAIM)} toName={_a(TEXT)} choice="single">',
        *_options("Label", c.labels[CLAIM], None, i4),
        f"{i2}</Labels>",
        f'{i2}<Header value="Argument spans that are not entity mentions"/>',
        f'{i2}<Labels name={_a(ARGUMENT)} toName={_a(TEXT)} choice="single">',
        *_options("Label", c.labels[ARGUMENT], None, i4),
        f"{i2}</Labels>",
        f'{i2}<Text name={_a(TEXT)} value="$text"/>',
        f'{i2}<Relations name={_a(RELATIONS)} toName={_a(TEXT)} choice="multiple">',
        *_options("Relation", c.relation_labels, None, i4),
        f"{i2}</Relations>",
        f'{i2}<View visibleWhen="region-selected" whenTagName={_a(ENTITY)}>',
        f'{i4}<Choices name={_a(KIND)} toName={_a(TEXT)} perRegion="true" choice="single" showInline="true">',
        *_options("Choice", c.choices[KIND], d["mention_kinds"], i6),
        f"{i4}</Choices>",
        f'{i4}<TextArea name={_a(CLUSTER)} toName={_a(TEXT)} perRegion="true" maxSubmissions="1"'
        ' editable="true" placeholder="cluster id, e.g. c1"/>',
        f'{i4}<TextArea name={_a(NORMALIZED)} toName={_a(TEXT)} perRegion="true" maxSubmissions="1"'
        ' editable="true" placeholder="DATE/TIME value (TIMEX3), e.g. 2019-09-26"/>',
        f"{i2}</View>",
        f'{i2}<View visibleWhen="region-selected" whenTagName={_a(EVENT)}>',
        f'{i4}<Choices name={_a(REALIS)} toName={_a(TEXT)} perRegion="true" choice="single"'
        ' showInline="true">',
        *_options("Choice", c.choices[REALIS], d["realis"], i6),
        f"{i4}</Choices>",
        f"{i2}</View>",
        f'{i2}<View visibleWhen="region-selected" whenTagName={_a(CLAIM)} whenLabelValue={_a(CLAIM_LABEL)}>',
        *(
            line
            for name, group in (
                (FORM, "claim_forms"),
                (STANCE, "stances"),
                (CLAIMER_STATUS, "claimer_statuses"),
            )
            for line in (
                f'{i4}<Choices name={_a(name)} toName={_a(TEXT)} perRegion="true" choice="single"'
                ' showInline="true">',
                *_options("Choice", c.choices[name], d[group], i6),
                f"{i4}</Choices>",
            )
        ),
        f"{i2}</View>",
        f'{i2}<Header value="Coreference clusters: one line per cluster, &quot;id | type | name&quot;"/>',
        f'{i2}<TextArea name={_a(CLUSTERS)} toName={_a(TEXT)} editable="true" rows="4"/>',
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def config_path() -> Path:
    return schema_dir() / FILENAME
