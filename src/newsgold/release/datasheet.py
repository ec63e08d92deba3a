"""DATASHEET.md: the datasheet of the corpus, with its figures generated between markers.

Everything between ``<!-- figures:start -->`` and ``<!-- figures:end -->`` is generated from the
corpus (documents, splits, mentions per type and kind, clusters, events, claims, agreement), so
``newsgold datasheet --check`` (and a test) fails when the committed figures are stale, and
``newsgold datasheet --write`` regenerates them. The rest of the file is written by hand.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from newsgold import paths
from newsgold.bench.agreement import REPLICATES, agreement
from newsgold.bench.folders import read_passes
from newsgold.corpus.splits import read_splits, split_order
from newsgold.corpus.stats import CorpusStats, corpus_stats
from newsgold.errors import DataError
from newsgold.io import atomic_write_bytes, read_bytes_bounded, read_json
from newsgold.paths import datasheet_path
from newsgold.validate.load import load_corpus, load_document

START = "<!-- figures:start -->"
END = "<!-- figures:end -->"
MARKERS = f"the datasheet needs exactly one {START} followed by one {END}"


class DatasheetError(DataError, ValueError):
    """DATASHEET.md is missing or its markers are not in place."""


# The document groups agreement is reported for (``newsgold agree --documents``).
GROUPS = ("all", "held-out", "examples")
GROUP_TITLES = {
    "all": "all documents",
    "held-out": "documents that supplied no guideline example",
    "examples": "documents that supplied guideline examples",
}


def guideline_sources(root: Path | None = None) -> dict[str, str]:
    """Document id -> guidelines version, for the documents whose text supplied examples to
    ``annotations/GUIDELINES.md`` (``annotations/guideline-sources.json``; empty when absent).
    Agreement on them is reported apart: the guidelines were written with their text in view."""
    path = paths.guideline_sources_path(root)
    if not path.is_file():
        return {}
    try:
        data = read_json(path)
    except (OSError, ValueError) as exc:
        raise DatasheetError(f"{path}: not a readable JSON file ({exc})") from None
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise DatasheetError(f"{path}: expected an object with 'documents': {{document id: version}}")
    return {str(k): str(v) for k, v in docs.items()}


def in_group(doc_id: str, group: str, sources: dict[str, str]) -> bool:
    return group == "all" or (doc_id in sources) == (group == "examples")


def agreement_figures(root: Path | None = None, replicates: int | None = None) -> dict[str, Any] | None:
    """Inter-annotator agreement of the two independent passes of every document annotated twice
    (``annotations/annotators/<annotator>/<doc_id>.json``; passes paired per document, see
    :func:`newsgold.bench.folders.read_passes`), computed with the benchmark scorer
    (``newsgold.bench.agreement``) with document-level bootstrap intervals, for each group of
    :data:`GROUPS`.

    Returns an ordered mapping of measure -> one formatted value per group ("value [low, high]"),
    with the keys ``groups`` (the group titles) and ``documents`` first; ``None`` (shown as "not yet
    computed") when no document has two passes yet.
    """
    base = root or paths.project_root()
    documents: dict[str, Any] = {}  # each document read once, by the validation of its passes

    def load(doc_id: str):  # type: ignore[no-untyped-def]
        if doc_id not in documents:
            path = paths.documents_dir(base) / f"{doc_id}.json"
            documents[doc_id] = load_document(path) if path.is_file() else None
        return documents[doc_id]

    passes = read_passes(paths.annotators_dir(base), load)
    errors = [f for f in passes.findings if f.severity == "error"]
    if errors:  # figures over the passes that happen to validate would mislead
        raise DatasheetError(
            f"{errors[0].format()}; no agreement figures while an annotator pass has errors "
            f"({len(errors)} error(s): newsgold agree lists them)"
        )
    if not passes.first:
        return None
    sources = guideline_sources(base)
    out: dict[str, Any] = {"groups": [], "documents": []}
    groups = {g: [d for d in passes.first if in_group(d, g, sources)] for g in GROUPS}
    for group, ids in groups.items():
        if group != "all" and not (groups["held-out"] and groups["examples"]):
            continue  # one group only: the figures for all documents say it
        report = agreement(
            {d: passes.first[d] for d in ids},
            {d: passes.second[d] for d in ids},
            {d: documents[d] for d in ids},
            replicates=REPLICATES if replicates is None else replicates,
        )
        out["groups"].append(GROUP_TITLES[group])
        out["documents"].append(len(report.documents))
        b = report.bootstrap
        note = (
            f"{b['units']} {b['unit']}s resampled, {b['replicates']} replicates, seed {b['seed']}"
            if b
            else "none"
        )
        out.setdefault("intervals", []).append(note)
        for label, value, ci in report.interval_rows():
            out.setdefault(label, []).append(value if ci == "-" else f"{value} {ci}")
    return out


def _table(counts: dict[str, int], head: str) -> list[str]:
    if not counts:
        return [f"| {head} | count |", "|---|---:|", "| (none) | 0 |"]
    return [f"| {head} | count |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in counts.items()]


def figures_block(
    stats: CorpusStats, agreement: dict[str, Any] | None, splits: dict[str, tuple[int, int]]
) -> str:
    """The generated figures (Markdown), without the markers; ``splits`` maps a split to its number of
    documents and of documents with gold."""
    lines = [
        "<!-- generated by `newsgold datasheet --write` from the corpus; do not edit by hand -->",
        "",
        f"- Documents: {stats.documents} ({stats.annotated} with a gold annotation, "
        f"{stats.documents - stats.annotated} without: text only, in the `texts` configuration), "
        f"{stats.characters} characters of cleaned text.",
        "- Documents per split (with gold): "
        + (", ".join(f"{s} {n} ({g})" for s, (n, g) in splits.items()) or "none")
        + ".",
        f"- Entity mentions: {stats.mentions}; coreference clusters: {stats.clusters}.",
        f"- Events: {stats.events} with {stats.arguments} arguments.",
        f"- Claims: {stats.claims}.",
        "",
        "Mentions per entity type:",
        "",
        *_table(stats.mentions_by_type, "type"),
        "",
        "Mentions per kind:",
        "",
        *_table(stats.mentions_by_kind, "kind"),
        "",
        "Events per type:",
        "",
        *_table(stats.events_by_type, "event type"),
        "",
        "Claims per form:",
        "",
        *_table(stats.claims_by_form, "form"),
        "",
        "Inter-annotator agreement:",
        "",
    ]
    if agreement and isinstance(agreement.get("groups"), list):
        groups = agreement["groups"]
        lines += [
            "Two independent annotation passes of every gold document, compared with the benchmark scorer "
            "(the first pass, by annotator folder name, as reference; F1 is symmetric). F1 and accuracy "
            "in %, kappa as a fraction, with 95% percentile bootstrap intervals as the `intervals` row says. "
            "Reproduce with `newsgold agree` (add `--documents held-out` or "
            "`--documents examples` for the groups); every disagreement and its resolution is in "
            "`annotations/adjudication/`.",
            "",
            "| measure | " + " | ".join(groups) + " |",
            "|---|" + "---:|" * len(groups),
        ]
        lines += [
            f"| {k} | " + " | ".join(str(v) for v in values) + " |"
            for k, values in agreement.items()
            if k != "groups"
        ]
    else:
        lines.append("not yet computed")
    return "\n".join(lines)


def render_datasheet(
    text: str, stats: CorpusStats, agreement: dict[str, Any] | None, splits: dict[str, tuple[int, int]]
) -> str:
    """``text`` with the block between the markers replaced by freshly generated figures."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise DatasheetError(MARKERS)
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{figures_block(stats, agreement, splits)}\n{END}{tail}"


def corpus_figures(
    root: Path | None = None,
) -> tuple[CorpusStats, dict[str, Any] | None, dict[str, tuple[int, int]]]:
    recorded = read_splits(root)
    per_split: Counter[str] = Counter()
    gold: Counter[str] = Counter()

    def counted():  # type: ignore[no-untyped-def]
        for item in load_corpus(root):
            split = recorded.get(item.document.id, "unassigned")
            per_split[split] += 1
            gold[split] += item.annotation is not None
            yield item

    stats = corpus_stats(counted())
    splits = {s: (per_split[s], gold[s]) for s in sorted(per_split, key=split_order)}
    return stats, agreement_figures(root), splits


def expected_datasheet(root: Path | None = None) -> tuple[Path, str, str]:
    """(path, current text, text with up-to-date figures)."""
    path = datasheet_path(root)
    current = read_datasheet(path)
    if current is None:
        raise DatasheetError(f"{path}: missing")
    return path, current, render_datasheet(current, *corpus_figures(root))


def read_datasheet(path: Path) -> str | None:
    """The text of the datasheet at ``path`` (``None`` when there is none); :class:`DatasheetError`
    naming it when it is not UTF-8 text or lacks the markers of the generated figures."""
    if not path.exists():
        return None
    try:
        text = read_bytes_bounded(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasheetError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except OSError as exc:
        raise DatasheetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise DatasheetError(f"{path}: {MARKERS}")
    return text


def check_datasheet(root: Path | None = None) -> bool:
    """True when the figures in DATASHEET.md match the corpus."""
    _, current, expected = expected_datasheet(root)
    return current == expected


def write_datasheet(root: Path | None = None) -> bool:
    """Regenerate the figures; returns True when the file changed."""
    path, current, expected = expected_datasheet(root)
    if current == expected:
        return False
    atomic_write_bytes(path, expected.encode("utf-8"))
    return True
