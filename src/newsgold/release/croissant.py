"""Croissant metadata (``croissant.json``) of a release, with the Responsible AI (RAI) fields.

One ``cr:FileSet`` per configuration (its local Parquet shards, relative to the release folder) and
one record set per configuration describing its scalar and list-of-scalar columns; the nested
annotation columns of ``documents`` are described in prose (use the Parquet files or ``datasets`` for
them). Label columns hold label names (see :mod:`newsgold.release.tables`); every ClassLabel vocabulary is
a small record set with inline data (id, name), taken from the label inventory, which gives each name
the ClassLabel id ``datasets`` uses.
The RAI fields (collection, cleaning, annotation protocol, annotators, agreement, limitations...)
are filled from the corpus and its version record.
"""

from __future__ import annotations

from typing import Any

from newsgold.labels import inventory
from newsgold.release.card import DESCRIPTIONS, bibtex
from newsgold.release.context import ReleaseContext, ReleaseSummary
from newsgold.release.tables import CONFIGS, features

CONFORMS_TO = ["http://mlcommons.org/croissant/1.0", "http://mlcommons.org/croissant/RAI/1.0"]

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

_TYPES = {"string": "sc:Text", "int32": "sc:Integer", "int64": "sc:Integer", "bool": "sc:Boolean"}


def _columns(config: str) -> list[tuple[str, str, bool, str | None]]:
    """(column, Croissant data type, is a list, ClassLabel vocabulary) for the describable columns."""
    from datasets import ClassLabel, List, Value

    out: list[tuple[str, str, bool, str | None]] = []
    for name, feature in features(config).items():
        repeated, inner = False, feature
        if isinstance(feature, List):
            repeated, inner = True, feature.feature
        if isinstance(inner, ClassLabel):  # stored as names (tables.storage_schema)
            out.append((name, "sc:Text", repeated, _vocabulary(config, name)))
        elif isinstance(inner, Value) and inner.dtype in _TYPES:
            out.append((name, _TYPES[inner.dtype], repeated, None))
    return out


def _vocabulary(config: str, column: str) -> str:
    return {
        ("ner", "ner_tags"): "bio_tags",
        ("mentions", "type"): "entity_types",
        ("mentions", "kind"): "mention_kinds",
        ("events", "type"): "event_types",
        ("events", "realis"): "realis",
        ("claims", "claimer_status"): "claimer_statuses",
        ("claims", "form"): "claim_forms",
        ("claims", "stance"): "stances",
    }[(config, column)]


def _vocabularies() -> dict[str, tuple[str, ...]]:
    inv = inventory()
    return {
        "bio_tags": inv.bio_tags,
        "entity_types": inv.entity_types,
        "mention_kinds": inv.mention_kinds,
        "event_types": tuple(inv.event_types),
        "roles": inv.roles,
        "realis": inv.realis,
        "claimer_statuses": inv.claimer_statuses,
        "claim_forms": inv.claim_forms,
        "stances": inv.stances,
    }


def croissant(summary: ReleaseSummary, context: ReleaseContext) -> dict[str, Any]:
    """The Croissant JSON-LD document of a release (checksums of all files are in ``manifest.json``)."""
    v, s = context.version, summary.stats
    name = f"newsgold-{v.corpus_version}{'-standoff' if summary.standoff else ''}"
    distribution = [
        {
            "@type": "cr:FileSet",
            "@id": f"{config}-parquet",
            "name": f"{config}-parquet",
            "description": f"Parquet shards of the {config} configuration "
            f"({len(_files(summary, config))} files; "
            "SHA-256 of each in manifest.json).",
            "encodingFormat": "application/x-parquet",
            "includes": f"data/{config}/*.parquet",
        }
        for config in CONFIGS
    ]
    record_sets: list[dict[str, Any]] = []
    for vocab, names in _vocabularies().items():
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": vocab,
                "name": vocab,
                "description": f"ClassLabel names of {vocab} "
                f"(from the label inventory {v.inventory_version}).",
                "key": {"@id": f"{vocab}/id"},
                "field": [
                    {
                        "@type": "cr:Field",
                        "@id": f"{vocab}/id",
                        "name": f"{vocab}/id",
                        "dataType": "sc:Integer",
                    },
                    {
                        "@type": "cr:Field",
                        "@id": f"{vocab}/name",
                        "name": f"{vocab}/name",
                        "dataType": "sc:Text",
                    },
                ],
                "data": [{f"{vocab}/id": k, f"{vocab}/name": n} for k, n in enumerate(names)],
            }
        )
    for config in CONFIGS:
        fields = []
        for column, dtype, repeated, column_vocab in _columns(config):
            field: dict[str, Any] = {
                "@type": "cr:Field",
                "@id": f"{config}/{column}",
                "name": f"{config}/{column}",
                "dataType": dtype,
                "source": {"fileSet": {"@id": f"{config}-parquet"}, "extract": {"column": column}},
            }
            if repeated:
                field["repeated"] = True
            if column_vocab:
                field["description"] = (
                    f"Label names; the record set {column_vocab} gives each its ClassLabel id."
                )
                if not repeated:  # a join on a list column is not supported by Croissant readers
                    field["references"] = {"field": {"@id": f"{column_vocab}/name"}}
            fields.append(field)
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": config,
                "name": config,
                "description": DESCRIPTIONS[config] + ".",
                "field": fields,
            }
        )
    agreement = context.agreement

    def figure(val: Any) -> str:
        if isinstance(val, list):
            return " / ".join(str(v) for v in val)
        return f"{val:.3f}" if isinstance(val, float) else str(val)

    agreement_text = (
        "Inter-annotator agreement of the two independent passes (benchmark scorer; F1 and accuracy in "
        "%, kappa as a fraction, 95% document-level bootstrap intervals; one value per group: "
        + "; ".join(f"{k} {figure(val)}" for k, val in agreement.items())
        + ")"
        if agreement
        else "Inter-annotator agreement: not yet computed for this version."
    )
    first, last = summary.first_published, summary.last_published
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": name,
        "description": (
            "Cleaned English news articles with gold standoff annotations of entity mentions, coreference "
            f"clusters, events with arguments and attributed claims. {summary.documents} documents, "
            f"{s.mentions} mentions, {s.events} events, {s.claims} claims."
        ),
        "conformsTo": CONFORMS_TO,
        "version": v.corpus_version,
        "datePublished": v.date,
        "license": (
            f"Annotations: {v.annotation_licence}"
            + (f" ({v.annotation_licence_url})" if v.annotation_licence_url else "")
            + ". Article text: rights of each article's publisher (rights_holder and licence columns)."
        ),
        "inLanguage": "en",
        "keywords": ["news", "named entity recognition", "coreference", "event extraction", "claims"],
        "citeAs": bibtex(v),
        "distribution": distribution,
        "recordSet": record_sets,
        "rai:dataCollection": (
            "News articles scraped from the publisher's web pages as plain-text dumps (one page per "
            "article), kept byte for byte under corpus/raw/ with their SHA-256."
        ),
        "rai:dataCollectionType": ["Web Scraping"],
        "rai:dataCollectionRawData": (
            "Raw pages are kept byte for byte; each document records the raw page's path, SHA-256 and "
            "encoding, the cleaner and its version, the mapping of cleaned to raw offsets, and every removed "
            "raw line with its reason."
        ),
        "rai:dataCollectionMissingData": (
            "Publication time or dateline may be missing when the page does not print them (null fields)."
            f" {s.documents - s.annotated} of {s.documents} documents have no gold annotation yet."
        ),
        "rai:dataPreprocessingProtocol": [
            "Text dumps are cleaned by newsgold.ingest (textdump cleaner): print headers, section "
            "breadcrumbs, date/publisher bullets and navigation are removed and recorded; the headline and "
            "body paragraphs are kept unaltered (NFC-normalised, typographic quotes and dashes kept).",
            "Offsets are 0-based, half-open, in Python code points over the cleaned text; each span carries "
            "its covered text, and each annotation is pinned to the text by SHA-256.",
        ],
        "rai:dataAnnotationProtocol": [
            "Annotation follows annotations/GUIDELINES.md: entity mentions (OntoNotes 5.0 types; names, "
            "nominals, pronouns) with TIMEX3 values for dates and times, coreference clusters, events with "
            "arguments (ACE 2005 types plus newsgold types) with realis, and attributed claims with cue, "
            "claimer, form and stance.",
            "Two annotators annotate each document independently; disagreements are adjudicated into the "
            "gold annotation. Every annotation is validated against JSON Schemas and semantic checks.",
        ],
        "rai:dataAnnotationPlatform": [
            "Label Studio (round trip through newsgold.labelstudio)",
            "JSON standoff files validated by newsgold.validate",
        ],
        "rai:dataAnnotationAnalysis": [agreement_text],
        "rai:annotationsPerItem": (
            "Two independent annotations per document, adjudicated into one gold annotation."
        ),
        "rai:annotatorDemographics": [v.annotators or "Not stated for this version."],
        "rai:machineAnnotationTools": [
            *([v.annotators] if v.annotators else []),
            "The tokenizer of the ner configuration is the deterministic rule-based newsgold.convert.tokens.",
        ],
        "rai:dataBiases": [
            f"Articles from few publishers and periods (published {first or 'unknown'} to "
            f"{last or 'unknown'}); English-language wire copy on international politics dominates, so "
            "entity and event distributions reflect that beat, and named people are mostly officials."
        ],
        "rai:dataUseCases": [
            "Evaluation and training of entity, coreference, event and claim extraction on news; use "
            "published_after filters to evaluate only on articles after a model's training cut-off."
        ],
        "rai:dataLimitations": [
            "Small corpus: figures are not statistically representative of news in general.",
            "Article text is under the publisher's copyright; standoff releases withhold it and users must "
            "rehydrate it from raw pages they hold.",
            "Event and claim layers follow newsgold's own extensions of ACE 2005; compare with other "
            "corpora only on shared types.",
        ],
        "rai:dataSocialImpact": (
            "Supports measuring information extraction on real news, including attribution of claims; "
            "extraction errors on named people could misattribute statements, so outputs should be reviewed."
        ),
        "rai:personalSensitiveInformation": [
            "Names of public figures and officials as printed in published news; no private data is added."
        ],
        "rai:dataReleaseMaintenancePlan": (
            "Versioned releases with semantic corpus versions (major: text, offsets, labels or splits "
            "changed; minor: fields or layers added; patch: same data), release notes in CHANGELOG.md, and "
            "a manifest of SHA-256 hashes checked by `newsgold verify`; splits are frozen within a major "
            "version."
        ),
    }
    if first and last:
        doc["rai:dataCollectionTimeframe"] = [first, last]
    return doc


def _files(summary: ReleaseSummary, config: str) -> list[str]:
    return [f for files in summary.shards.get(config, {}).values() for f in files]
