"""The Hugging Face dataset card (``README.md``) of a release.

Its YAML header lists one ``configs:`` entry per configuration pointing at the Parquet shards of each
split, and ``dataset_info`` with the features (ClassLabel names from the label inventory, the same
features that are embedded in every Parquet file's schema metadata), so ``datasets.load_dataset(dir,
config)`` works offline with no loading script.

Its text says who made the annotations, links every licence (the annotations' and each publisher's),
shows one row of each configuration as it is stored (read back from the release's Parquet files,
shortened) and ends with a BibTeX entry for the corpus version (:func:`bibtex`, also the Croissant
``citeAs``).
"""

from __future__ import annotations

import json
from typing import Any

from newsgold.convert import tokens as tokenizer
from newsgold.corpus.splits import RULE
from newsgold.corpus.version import CorpusVersion, release_notes
from newsgold.labels import inventory
from newsgold.release.context import ReleaseContext, ReleaseSummary, TextRights
from newsgold.release.tables import CONFIGS, features

DESCRIPTIONS = {
    "documents": "one row per article with gold: text, metadata, paragraphs, provenance, and the annotation "
    "layers (mentions, clusters, events with arguments, claims) as lists of structs; labels as strings",
    "mentions": "one row per entity mention; type and kind as label names",
    "events": "one row per event: trigger; type, realis and the roles of its arguments as label names",
    "claims": "one row per attributed claim: content, cue, claimer; status, form and stance as label names",
    "ner": "one row per sentence in the shape of CoNLL-2003: tokens, BIO (IOB2) ner_tags as tag names, "
    "and each token's character offsets into the document text",
    "texts": "one row per article of the corpus, with or without gold: the documents columns without the "
    "annotation layers, and `annotated` (true when the article has gold). Articles without gold are "
    "in this configuration only: the five others never show an unannotated article as one with no "
    "entities, events or claims",
}


TITLE = "newsgold: cleaned news articles with gold standoff annotations of entities, events and claims"
EXAMPLE_CHARACTERS = 80  # a longer string of an example row is cut there
EXAMPLE_ITEMS = 3  # a longer list of an example row shows this many items


def bibtex(version: CorpusVersion) -> str:
    """The BibTeX entry of a corpus version (the same for its full and standoff releases)."""
    v = version.corpus_version
    return "\n".join(
        [
            f"@misc{{newsgold_{v.replace('.', '_')},",
            f"  title        = {{{{{TITLE}}}}},",
            f"  howpublished = {{Dataset release newsgold-{v}}},",
            f"  version      = {{{v}}},",
            f"  year         = {{{version.date[:4]}}},",
            f"  note         = {{Corpus version {v}, released {version.date}; annotations licensed "
            f"{version.annotation_licence}}},",
            "}",
        ]
    )


def _link(text: str | None, url: str | None) -> str:
    shown = (text or "not stated").replace("|", "\\|")
    return f"[{shown}]({url})" if url else shown


def _text_rights(summary: ReleaseSummary) -> list[tuple[TextRights, int]]:
    """Each publisher's rights and licence with its number of documents, the most documents first."""
    return sorted(summary.text_rights.items(), key=lambda r: (-r[1], r[0].publisher or ""))


def _shortened(value: Any) -> Any:
    """``value`` with long strings cut (``…``) and long lists reduced to their first items and a count."""
    if isinstance(value, str) and len(value) > EXAMPLE_CHARACTERS:
        return value[:EXAMPLE_CHARACTERS] + "…"
    if isinstance(value, list):
        kept = [_shortened(v) for v in value[:EXAMPLE_ITEMS]]
        return kept + ([f"… {len(value) - EXAMPLE_ITEMS} more"] if len(value) > EXAMPLE_ITEMS else [])
    if isinstance(value, dict):
        return {k: _shortened(v) for k, v in value.items()}
    return value


def example_json(row: dict[str, Any]) -> str:
    """One example row as JSON, a column a line, shortened (see :func:`_shortened`)."""
    columns = [f"  {json.dumps(k)}: {json.dumps(_shortened(v), ensure_ascii=False)}" for k, v in row.items()]
    return "{\n" + ",\n".join(columns) + "\n}"


def _size_category(n: int) -> str:
    for limit, name in (
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
    ):
        if n < limit:
            return name
    return "n>1M"


def available_configs(summary: ReleaseSummary) -> list[str]:
    """Configurations with at least one row (``datasets`` cannot load a configuration without data)."""
    return [c for c in CONFIGS if any(summary.shards.get(c, {}).values())]


def card_yaml(summary: ReleaseSummary, context: ReleaseContext) -> dict:
    from datasets import DatasetInfo

    configs, infos = [], []
    for config in available_configs(summary):
        entry: dict = {"config_name": config}
        if config == "documents":
            entry["default"] = True
        entry["data_files"] = [
            {"split": s, "path": f"data/{config}/{s}-*.parquet"}
            for s in summary.splits
            if summary.shards[config][s]
        ]
        configs.append(entry)
        info = DatasetInfo(features=features(config))._to_yaml_dict()
        infos.append({"config_name": config, "features": info["features"]})
    v = context.version
    # how the annotations were made, as corpus/VERSION.json states it; left out when not stated
    creators = {"annotations_creators": list(v.annotations_creators)} if v.annotations_creators else {}
    return {
        "pretty_name": "newsgold",
        "language": ["en"],
        "license": "other",
        "license_name": "newsgold-mixed",
        "license_details": (
            f"Annotations: {v.annotation_licence}"
            + (f" ({v.annotation_licence_url})" if v.annotation_licence_url else "")
            + ". Article text: the rights of each article's publisher, recorded per document "
            "(rights_holder, licence, licence_url, redistributable)"
            + "".join(
                f"; {r.publisher or 'publisher not stated'}: {r.licence or 'licence not stated'}"
                + (f" ({r.licence_url})" if r.licence_url else "")
                + f", {n} document(s)"
                for r, n in _text_rights(summary)
            )
            + "."
        ),
        **creators,
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "size_categories": [_size_category(summary.documents)],
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["news", "coreference", "event-extraction", "claim-detection", "standoff-annotation"],
        "configs": configs,
        "dataset_info": infos,
    }


def render_card(summary: ReleaseSummary, context: ReleaseContext) -> str:
    import yaml

    v, s, inv = context.version, summary.stats, inventory()
    head = yaml.safe_dump(card_yaml(summary, context), sort_keys=False, allow_unicode=True, width=1000)
    name = f"newsgold-{v.corpus_version}{'-standoff' if summary.standoff else ''}"
    counts = "\n".join(
        f"| `{c}` | "
        + " | ".join(str(summary.rows[c][sp]) for sp in summary.splits)
        + f" | {DESCRIPTIONS[c]} |"
        for c in CONFIGS
    )
    standoff = (
        f"\n**Standoff form.** The text of {summary.withheld} document(s) whose publisher does not allow "
        "redistribution is withheld (null): the text, title, dateline text, removed raw lines and every "
        "span's covered text. Offsets, `text_sha256` and the raw page's `provenance.raw_sha256` are kept; "
        "`newsgold rehydrate DIR --raw PAGE...` restores the text from raw pages you hold, checking both "
        "hashes before anything is written.\n"
        if summary.standoff
        else ""
    )
    notes = release_notes(context.changelog, v.corpus_version) or ""
    tokenizer_doc = (tokenizer.__doc__ or "").strip()
    sections = [
        f"---\n{head}---",
        f"# {name}",
        "Cleaned English news articles with gold standoff annotations of entity mentions (OntoNotes 5.0 "
        "types; names, nominals and pronouns), coreference clusters, events with arguments (ACE 2005 types "
        "plus newsgold types) and attributed claims.",
        f"- Corpus version: **{v.corpus_version}** ({v.date}); document and annotation schema "
        f"{v.schema_version}; label inventory {v.inventory_version}.\n"
        f"- Documents: {summary.documents} ({s.annotated} with gold, {summary.documents - s.annotated} "
        f"text only); mentions {s.mentions}, clusters {s.clusters}, events {s.events}, claims {s.claims}.\n"
        "- Integrity: `manifest.json` lists the SHA-256 and size of every file; run `newsgold verify DIR`.",
        standoff,
        "## Who made the annotations\n\n"
        + (v.annotators or "Not stated for this version.")
        + "\n\nThe labelled configurations (`documents`, `mentions`, `events`, `claims`, `ner`) hold the "
        "articles with gold only; `texts` holds every article, with `annotated` telling which have gold. "
        "Agreement figures and the adjudication records are in `DATASHEET.md`.",
        '## Loading\n\n```python\nimport datasets\nds = datasets.load_dataset("' + name + '", "ner")  '
        "# this folder; configs: "
        + ", ".join(CONFIGS)
        + '\n\nimport newsgold\nds = newsgold.load("documents", '
        'published_after="2019-01-01")\ntable = newsgold.load_table("mentions")  # pyarrow.Table\n'
        "for item in newsgold.iter_documents():  # every document; annotation None without gold\n"
        "    ...\n```\n\n"
        "The shards are plain Parquet: `duckdb.sql(\"SELECT * FROM 'data/mentions/*.parquet'\")`, "
        "`polars.scan_parquet('data/mentions/*.parquet')`, Spark's `spark.read.parquet`, or "
        "`datasets.load_dataset(..., streaming=True)`.",
        "## Configurations\n\n| config | "
        + " | ".join(summary.splits)
        + " | contents |\n|---|"
        + "---:|" * len(summary.splits)
        + "---|\n"
        + counts
        + (
            "\n\nConfigurations without rows in this release (no files, not loadable): "
            + ", ".join(f"`{c}`" for c in CONFIGS if c not in available_configs(summary))
            + "."
            if len(available_configs(summary)) < len(CONFIGS)
            else ""
        )
        + "\n\nA split without rows in a configuration has no file and is not listed in its "
        "`configs:` entry. "
        "Every table has `split` and `published` (ISO 8601 as printed by the publisher: a date-time "
        "with offset when the time is known, else a date). Offsets are 0-based, half-open `[start, end)`, "
        "in Python code points over the cleaned NFC text, so `text[start:end] == span text`.\n\n"
        "**Labels** (the label columns of `mentions`, `events` and `claims`, and `ner_tags`) are stored by "
        "name, as Parquet strings (dictionary-encoded), so DuckDB, Polars or pyarrow show `GPE`, not `4`. "
        "For `datasets` they are `ClassLabel`s: the features above, also in each Parquet file's schema "
        "metadata (key `huggingface`), and `datasets.load_dataset` turns the names into `ClassLabel` ids "
        "as it loads.",
        "## Labels\n\n"
        f"- Entity types: {', '.join(inv.entity_types)}.\n"
        f"- Mention kinds: {', '.join(inv.mention_kinds)} (only {', '.join(sorted(inv.flat_kinds))} mentions "
        "become BIO tags in `ner`).\n"
        f"- Event types: {', '.join(inv.event_types)}.\n"
        f"- Roles: {', '.join(inv.roles)}.\n"
        f"- Realis: {', '.join(inv.realis)}. Claim forms: {', '.join(inv.claim_forms)}. Claimer statuses: "
        f"{', '.join(inv.claimer_statuses)}. Stances: {', '.join(inv.stances)}.\n"
        f"- BIO tags: {', '.join(inv.bio_tags)}.\n\n"
        "The inventory with definitions ships as `labels.json`.",
        "## Tokenization (the `ner` configuration)\n\n"
        + tokenizer_doc
        + "\n\nTags are IOB2 over the document's tokens; a mention never crosses a sentence boundary in "
        "practice, and if one did, its continuation would start the next sentence with an `I-` tag.",
        "## Splits\n\nSplits are recorded per document in the corpus (`corpus/splits.json`) and "
        "frozen within "
        "a major corpus version. New documents get theirs from a fixed hash rule: " + _rule() + ".",
        "## Rights\n\nThe annotations are licensed "
        + _link(v.annotation_licence, v.annotation_licence_url)
        + ". The article text belongs to its publisher: every document records its `rights_holder`, "
        "`licence`, `licence_url` and whether it is `redistributable` (columns of `documents` and `texts`; "
        "its `url` is the article's source, for attribution). The text licences in this release:\n\n"
        "| publisher | rights holder | text licence | redistributable | documents |\n|---|---|---|---|---:|\n"
        + "\n".join(
            f"| {_link(r.publisher, None)} | {_link(r.rights_holder, None)} "
            f"| {_link(r.licence, r.licence_url)} | {'yes' if r.redistributable else 'no'} | {n} |"
            for r, n in _text_rights(summary)
        )
        + "\n\n"
        + _rights(summary),
        _examples(summary),
        "## Citation\n\n```bibtex\n" + bibtex(v) + "\n```",
        "## Release notes\n\n" + notes.replace("## ", "### ", 1) + "\n\nAll versions: `CHANGELOG.md`. "
        "Documentation of the data: `DATASHEET.md`; machine-readable metadata: `croissant.json`.",
    ]
    return "\n\n".join(x.strip("\n") for x in sections if x) + "\n"


def _examples(summary: ReleaseSummary) -> str:
    if not summary.examples:
        return ""
    return (
        "## Example rows\n\nOne row of each configuration, read back from this release's Parquet files: "
        "the first row of the first document (by id) that has rows there and whose text may be "
        "redistributed, or else of the first document that has rows there. Labels are shown as stored, "
        "by name. Strings "
        f"longer than {EXAMPLE_CHARACTERS} characters are cut (`…`); a list longer than {EXAMPLE_ITEMS} "
        f"items shows its first {EXAMPLE_ITEMS} and how many more there are."
        + "".join(
            f"\n\n### `{config}`\n\n```json\n{example_json(row)}\n```"
            for config, row in summary.examples.items()
        )
    )


def _rights(summary: ReleaseSummary) -> str:
    n = summary.restricted
    if not n:
        return f"All {summary.documents} document(s) are marked redistributable."
    if summary.standoff:
        return (
            f"{n} of {summary.documents} document(s) have `redistributable: false`; this standoff form "
            "withholds their text and is the form to publish."
        )
    return (
        f"**{n} of {summary.documents} document(s) have `redistributable: false`**: this full form "
        "contains their text and must not be redistributed. Publish the standoff form "
        "(`newsgold release --standoff`); users restore the text with `newsgold rehydrate` from pages "
        "they hold."
    )


def _rule() -> str:
    return f"`{RULE}`"
