"""Running a benchmark: gold of one split, predictions (a file or an extractor), scores, report."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgold import __version__, paths
from newsgold.bench.bootstrap import MIN_DOCUMENTS, choose_unit, intervals, paired
from newsgold.bench.core import Case, empty_annotation
from newsgold.bench.extractors import Extractor
from newsgold.bench.predictions import Predictions, parse_prediction
from newsgold.bench.report import Report
from newsgold.bench.scorer import SCORER_VERSION, Scores, Settings, figures, score
from newsgold.io import dumps, read_annotation, read_document, read_json, sha256_file
from newsgold.model import AnnotatedDocument, Annotation, Document
from newsgold.validate.findings import Finding


class BenchError(ValueError):
    """The benchmark cannot run (no gold for the split, an unreadable comparison report...)."""


@dataclass(slots=True)
class Gold:
    split: str
    directory: Path
    documents: dict[str, Document] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)
    without_gold: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """One hash over the gold of the evaluated documents (id and canonical JSON of each)."""
        h = hashlib.sha256()
        for doc_id in sorted(self.annotations):
            h.update(doc_id.encode() + b"\0" + dumps(self.annotations[doc_id].to_dict()) + b"\0")
        return h.hexdigest()


def split_of(root: Path | None = None) -> dict[str, str]:
    """Each document's split: as recorded in ``corpus/splits.json``, else by the frozen rule."""
    from newsgold.corpus import document_paths
    from newsgold.splits import assign_splits, read_splits

    return assign_splits([p.stem for p in document_paths(root)], read_splits(root))


def load_gold(split: str, gold_dir: Path | None = None, root: Path | None = None) -> Gold:
    """The documents of ``split`` that have a gold annotation in ``gold_dir``."""
    from newsgold.corpus import document_paths

    directory = gold_dir or paths.gold_dir(root)
    splits = split_of(root)
    gold = Gold(split, directory)
    for path in document_paths(root):
        if splits.get(path.stem) != split:
            continue
        ann_path = directory / path.name
        if not ann_path.exists():
            gold.without_gold.append(path.stem)
            continue
        gold.documents[path.stem] = read_document(path)
        gold.annotations[path.stem] = read_annotation(ann_path)
    return gold


def training_data(root: Path | None = None, gold_dir: Path | None = None) -> list[AnnotatedDocument]:
    """The training split with its gold (possibly empty), for extractors that learn from it."""
    train_split = _split_names()[0]
    g = load_gold(train_split, gold_dir, root)
    return [AnnotatedDocument(g.documents[d], g.annotations[d]) for d in sorted(g.documents)]


def _split_names() -> tuple[str, ...]:
    from newsgold.labels import inventory

    return inventory().splits


def run_extractor(
    extractor: Extractor, documents: Mapping[str, Document], validate: bool = True, progress: bool = True
) -> Predictions:
    """Predictions of ``extractor`` on every document, validated and read like a predictions file."""
    out = Predictions()
    from tqdm import tqdm

    ids = sorted(documents)
    for doc_id in tqdm(
        ids,
        desc=f"running {extractor.name}",
        unit="doc",
        file=sys.stderr,
        disable=not progress or not sys.stderr.isatty(),
    ):
        doc = documents[doc_id]
        where = f"{extractor.name}:{doc_id}"
        try:
            result: Any = extractor(doc)
        except Exception as e:  # an extractor bug must not stop the benchmark: the document counts as missed
            out.findings.append(
                Finding(
                    "extractor-failed", "error", f"{type(e).__name__}: {e}", file=where, document_id=doc_id
                )
            )
            continue
        data = result.to_dict() if isinstance(result, Annotation) else result
        if not isinstance(data, dict):
            out.findings.append(
                Finding(
                    "extractor-failed",
                    "error",
                    f"returned {type(result).__name__}, not an Annotation",
                    file=where,
                    document_id=doc_id,
                )
            )
            continue
        out.annotations[doc_id], _ = parse_prediction(data, doc, where, out, validate)
        out.lines += 1
    return out


def manifest_hash(root: Path | None = None) -> tuple[str | None, str]:
    """SHA-256 of ``dist/newsgold-<corpus version>/manifest.json`` and the corpus version."""
    version = corpus_version(root)
    path = (root or paths.project_root()) / "dist" / f"newsgold-{version}" / "manifest.json"
    return (sha256_file(path) if path.exists() else None), version


def corpus_version(root: Path | None = None) -> str:
    path = paths.corpus_dir(root) / "VERSION.json"
    if not path.exists():
        return "unversioned"
    return str(read_json(path).get("corpus_version", "unversioned"))


def benchmark(
    gold: Gold,
    predictions: Predictions,
    source: Mapping[str, Any],
    settings: Settings | None = None,
    replicates: int = 1000,
    seed: int = 0,
    unit: str = "auto",
    root: Path | None = None,
    compare: Report | None = None,
    compare_name: str | None = None,
) -> tuple[Report, Scores]:
    """Score ``predictions`` against ``gold`` and build the report (see :mod:`newsgold.bench.report`)."""
    settings = settings or Settings()
    if not gold.annotations:
        raise BenchError(f"no gold annotations for split {gold.split!r} in {gold.directory}")
    missing = sorted(d for d in gold.annotations if d not in predictions.annotations)
    cases = [
        Case(
            gold.documents[d],
            gold.annotations[d],
            predictions.annotations.get(d) or empty_annotation(gold.documents[d]),
        )
        for d in sorted(gold.annotations)
    ]
    scores = score(cases, settings)
    chosen, reason = choose_unit(len(cases), unit)
    units = scores.unit_counts(chosen)
    tasks = settings.tasks
    ivs = intervals(units, lambda c: figures(c, tasks), replicates, seed)
    manifest, version = manifest_hash(root)
    by_code = Counter(f.code for f in predictions.findings)
    report: Report = {
        "scorer_version": SCORER_VERSION,
        "package_version": __version__,
        "corpus_version": version,
        "release_manifest_sha256": manifest,
        "release": "release manifest found" if manifest else "unreleased working tree",
        "source": dict(source),
        "split": gold.split,
        "gold": {
            "directory": str(gold.directory),
            "sha256": gold.sha256,
            "documents_without_gold": gold.without_gold,
        },
        "documents": len(cases),
        "documents_without_prediction": missing,
        "predictions": {
            "lines": predictions.lines,
            "unlocatable": predictions.unlocatable,
            "located": predictions.located,
        },
        "settings": {
            **settings.to_dict(),
            "bootstrap": {
                "replicates": replicates,
                "seed": seed,
                "level": 0.95,
                "unit": chosen,
                "requested_unit": unit,
                "min_documents_for_document_unit": MIN_DOCUMENTS,
                "reason": reason,
                "generator": "numpy.random.default_rng",
            },
        },
        "findings": {
            "errors": sum(1 for f in predictions.findings if f.severity == "error"),
            "warnings": sum(1 for f in predictions.findings if f.severity == "warning"),
            "by_code": dict(sorted(by_code.items())),
            "list": [f.to_dict() for f in predictions.findings],
        },
        "figures": scores.figures,
        "intervals": {k: v.to_dict() for k, v in ivs.items()},
        "tables": scores.tables,
        "units": _unit_rows(scores, chosen),
    }
    if compare is not None:
        report["comparison"] = compare_reports(compare, report, replicates, seed, unit, compare_name)
    return report, scores


def _unit_rows(scores: Scores, unit: str) -> list[dict[str, Any]]:
    """Counts per resampling unit, kept in the report for later paired comparisons."""
    if unit == "paragraph":
        return [
            {"document": d, "paragraph": k, "counts": dict(sorted(c.items()))}
            for (d, k), c in sorted(scores.units.items())
        ]
    return [
        {"document": d, "counts": dict(sorted(c.items()))}
        for d, c in zip(sorted(scores.documents), scores.unit_counts("document"), strict=True)
    ]


def _report_units(report: Report, unit: str) -> tuple[list[Any], list[Counter[str]]]:
    rows = report["units"]
    if unit == "paragraph":
        if rows and "paragraph" not in rows[0]:
            raise BenchError("the earlier report kept document counts only; compare with --unit document")
        return [(r["document"], r["paragraph"]) for r in rows], [Counter(r["counts"]) for r in rows]
    by_doc: dict[str, Counter[str]] = {}
    for r in rows:
        by_doc.setdefault(r["document"], Counter()).update(r["counts"])
    keys = sorted(by_doc)
    return keys, [by_doc[k] for k in keys]


def compare_reports(
    a: Report, b: Report, replicates: int = 1000, seed: int = 0, unit: str = "auto", a_name: str | None = None
) -> dict[str, Any]:
    """Paired bootstrap comparison of run ``b`` against run ``a`` (both reports of the same gold)."""
    if a.get("gold", {}).get("sha256") != b["gold"]["sha256"]:
        raise BenchError("the two runs were scored against different gold (gold SHA-256 differs)")
    if a.get("settings", {}).get("entities") != b["settings"]["entities"]:
        raise BenchError("the two runs were scored with different entity settings")
    chosen, reason = choose_unit(b["documents"], unit)
    if unit == "auto":
        chosen = b["settings"]["bootstrap"]["unit"]
    keys_a, units_a = _report_units(a, chosen)
    keys_b, units_b = _report_units(b, chosen)
    if keys_a != keys_b:
        raise BenchError("the two reports have different scoring units")
    tasks = b["settings"]["tasks"]
    diffs = paired(units_a, units_b, lambda c: figures(c, tasks), replicates, seed)
    return {
        "other": a_name or a["source"]["name"],
        "a": a["source"]["name"],
        "b": b["source"]["name"],
        "unit": chosen,
        "reason": reason,
        "replicates": replicates,
        "seed": seed,
        "differences": {k: v.to_dict() for k, v in diffs.items()},
    }


def source_for_file(path: Path) -> dict[str, Any]:
    return {
        "kind": "predictions",
        "name": path.name,
        "path": str(path),
        "sha256": sha256_file(path),
        "version": None,
    }


def source_for_extractor(spec: str, extractor: Extractor) -> dict[str, Any]:
    return {"kind": "extractor", "name": extractor.name, "spec": spec, "version": extractor.version}


def report_stem(source: Mapping[str, Any]) -> str:
    name = str(source["name"])
    stem = name.rsplit(".", 1)[0] if source["kind"] == "predictions" else name
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem) or "run"


def documents_for(gold: Gold) -> dict[str, Document]:
    return dict(gold.documents)


def case_list(gold: Gold, annotations: Mapping[str, Annotation]) -> list[Case]:
    return [
        Case(
            gold.documents[d], gold.annotations[d], annotations.get(d) or empty_annotation(gold.documents[d])
        )
        for d in sorted(gold.annotations)
    ]


__all__: Sequence[str] = (
    "BenchError",
    "Gold",
    "benchmark",
    "compare_reports",
    "load_gold",
    "run_extractor",
    "training_data",
)
