"""Running a benchmark: gold of one split, predictions (a file or an extractor), scores, report."""

from __future__ import annotations

import hashlib
import math
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgold import paths
from newsgold._version import __version__
from newsgold.bench.bootstrap import MIN_DOCUMENTS, MIN_UNITS, Interval, choose_unit, intervals, paired
from newsgold.bench.core import Case, empty_annotation
from newsgold.bench.extractors import REGISTRY, Extractor
from newsgold.bench.lenient import default_tasks
from newsgold.bench.predictions import Predictions, parse_prediction
from newsgold.bench.report import Report
from newsgold.bench.scorer import SCORER_VERSION, TASKS, Scores, Settings, figures, score
from newsgold.corpus import document_paths
from newsgold.corpus.fingerprint import source_fingerprint
from newsgold.corpus.splits import assign_splits, read_splits
from newsgold.corpus.version import read_version
from newsgold.errors import DataError, UsageError
from newsgold.findings import Finding
from newsgold.io import dumps, read_json, sha256_file
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument, Annotation, Document
from newsgold.validate.load import load_annotation, load_document


class BenchError(DataError, ValueError):
    """The benchmark cannot run (no gold for the split, an unreadable comparison report...)."""


class CompareError(UsageError, BenchError):
    """The earlier report given for a paired comparison is unusable or not comparable (a usage error)."""


class TaskError(UsageError, BenchError):
    """An unknown task was asked for (a usage error)."""


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
    return assign_splits([p.stem for p in document_paths(root)], read_splits(root))


def load_gold(split: str, gold_dir: Path | None = None, root: Path | None = None) -> Gold:
    """The documents of ``split`` that have a gold annotation in ``gold_dir``, each file checked as the
    validator checks it (:class:`newsgold.validate.load.InvalidFileError` naming the first bad one)."""
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
        document = load_document(path)
        gold.documents[path.stem] = document
        gold.annotations[path.stem] = load_annotation(ann_path, document)
    return gold


def training_data(root: Path | None = None, gold_dir: Path | None = None) -> list[AnnotatedDocument]:
    """The training split with its gold (possibly empty), for extractors that learn from it."""
    train_split = _split_names()[0]
    g = load_gold(train_split, gold_dir, root)
    return [AnnotatedDocument(g.documents[d], g.annotations[d]) for d in sorted(g.documents)]


def training_notes(spec: str, split: str, training: Sequence[AnnotatedDocument]) -> list[str]:
    """What the report must say about a registered extractor's training (the built-in baselines learn a
    gazetteer and a trigger lexicon from the training split's gold): that it learned nothing, or that
    it is scored on the very documents it learned from."""
    if spec not in REGISTRY:
        return []
    train = _split_names()[0]
    notes = []
    if not training:
        notes.append(
            f"the training split {train!r} has no gold: the gazetteer and the learned trigger lexicon are "
            "empty, so only the value patterns (and the built-in seed triggers and cues) ran"
        )
    elif split == train:
        notes.append(
            f"warning: {spec} learned from the gold of split {train!r} and is scored on that same split: "
            "these figures are on training data and overstate what it does on unseen text"
        )
    return notes


def _split_names() -> tuple[str, ...]:
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


def checked_tasks(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as tasks in the scorer's order; :class:`TaskError` for an unknown name or none."""
    unknown = [t for t in names if t not in TASKS]
    if unknown or not names:
        raise TaskError(
            f"unknown task(s) {', '.join(map(repr, unknown)) or '(none)'}; choose from {', '.join(TASKS)}"
        )
    return tuple(t for t in TASKS if t in names)


def choose_tasks(
    predictions: Predictions, requested: Sequence[str] | None = None
) -> tuple[tuple[str, ...], str]:
    """The tasks to score and why: ``requested`` (see :func:`checked_tasks`), or by default the tasks
    whose layers the predictions have (:func:`newsgold.bench.lenient.default_tasks`)."""
    if requested is None:
        return default_tasks(predictions.layer_items, predictions.layers_named)
    return checked_tasks(requested), "as requested"


def manifest_hash(root: Path | None = None, gold_dir: Path | None = None) -> tuple[str | None, str, str]:
    """SHA-256 of ``dist/newsgold-<corpus version>/manifest.json``, the corpus version, and the release
    status the report states.

    The hash is recorded only when the release was built from the sources scored here: its manifest's
    ``source_fingerprint`` must equal :func:`newsgold.corpus.fingerprint.source_fingerprint` of the working
    tree, and the gold scored must be the project's gold folder. Otherwise it is ``None`` and the
    status says why ("release is stale: ...").
    """
    version = corpus_version(root)
    project = root or paths.project_root()
    path = paths.release_dir(version, project) / "manifest.json"
    if not path.exists():
        return None, version, "unreleased working tree"
    shown = _shown(path, project)
    try:
        manifest = read_json(path)
    except (OSError, ValueError) as e:
        return None, version, f"release is stale: {shown} cannot be read ({e})"
    recorded = manifest.get("source_fingerprint") if isinstance(manifest, dict) else None
    if not isinstance(recorded, str) or recorded != source_fingerprint(root):
        return (
            None,
            version,
            (
                f"release is stale: {shown} was built from other sources than the working tree "
                "(source_fingerprint differs; run: newsgold release)"
            ),
        )
    if gold_dir is not None and gold_dir.resolve() != paths.gold_dir(root).resolve():
        return (
            None,
            version,
            (
                f"release is stale: {shown} was built from {_shown(paths.gold_dir(root), project)}, "
                f"not from the gold scored ({gold_dir})"
            ),
        )
    return sha256_file(path), version, f"release manifest {shown} matches the working tree"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def corpus_version(root: Path | None = None) -> str:
    if not paths.version_path(root).exists():
        return "unversioned"
    return read_version(root).corpus_version


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
    notes: Sequence[str] = (),
    tasks_reason: str | None = None,
) -> tuple[Report, Scores]:
    """Score ``predictions`` against ``gold`` and build the report (see :mod:`newsgold.bench.report`).

    ``notes`` are warnings about the run the report states (see :func:`training_notes`). The tasks
    scored are ``settings.tasks``, and ``tasks_reason`` says why they were chosen (see
    :func:`choose_tasks`); without ``settings``, the tasks whose layers the predictions have.
    """
    if settings is None:
        tasks, tasks_reason = choose_tasks(predictions)
        settings = Settings(tasks=tasks)
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
    if len(units) < MIN_UNITS:
        # one unit resampled is always itself: a "[x, x]" interval would claim a certainty there is none of
        reason = f"{len(units)} unit: no interval ({reason})"
        ivs = {name: Interval(math.nan, math.nan) for name in scores.figures}
    else:
        ivs = intervals(units, lambda c: figures(c, tasks), replicates, seed)
    manifest, version, release = manifest_hash(root, gold.directory)
    by_code = Counter(f.code for f in predictions.findings)
    report: Report = {
        "scorer_version": SCORER_VERSION,
        "package_version": __version__,
        "corpus_version": version,
        "release_manifest_sha256": manifest,
        "release": release,
        "notes": list(notes),
        "source": dict(source),
        "split": gold.split,
        "tasks": {"scored": list(tasks), "reason": tasks_reason or "as set in the scorer settings"},
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
                "units": len(units),
                "generator": "numpy.random.default_rng",
            },
        },
        "findings": {
            "errors": predictions.errors,
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
            raise CompareError("the earlier report kept document counts only; compare with --unit document")
        return [(r["document"], r["paragraph"]) for r in rows], [Counter(r["counts"]) for r in rows]
    by_doc: dict[str, Counter[str]] = {}
    for r in rows:
        by_doc.setdefault(r["document"], Counter()).update(r["counts"])
    keys = sorted(by_doc)
    return keys, [by_doc[k] for k in keys]


def check_report(data: Any, name: str) -> Report:
    """``data`` (read from ``name``) as a benchmark report usable for a comparison, or :class:`CompareError`
    naming the file and the first part that is missing or of the wrong shape."""

    def bad(what: str) -> CompareError:
        return CompareError(f"{name}: not a newsgold benchmark report ({what})")

    if not isinstance(data, dict):
        raise bad(f"a JSON {type(data).__name__}, not an object")
    for key, kind in (("source", dict), ("gold", dict), ("settings", dict), ("units", list)):
        if key not in data:
            raise bad(f"no {key!r}")
        if not isinstance(data[key], kind):
            raise bad(f"{key!r} is not a JSON {'object' if kind is dict else 'list'}")
    if not isinstance(data["gold"].get("sha256"), str):
        raise bad("no gold.sha256")
    if not isinstance(data["source"].get("name"), str):
        raise bad("no source.name")
    for k, row in enumerate(data["units"]):
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("document"), str)
            or not isinstance(row.get("counts"), dict)
            or not all(isinstance(v, (int, float)) for v in row["counts"].values())
            or ("paragraph" in row and not isinstance(row["paragraph"], int))
        ):
            raise bad(f"units/{k} is not {{document, [paragraph,] counts}}")
    return data


# Everything in ``settings`` bar the bootstrap block changes the figures; so do these report fields.
_COMPARED_FIELDS = ("scorer_version", "split")


def _flatten(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}"))
        return out
    return {prefix: value}


def differing_settings(a: Report, b: Report) -> list[str]:
    """The settings that affect the figures of run ``b`` and differ in run ``a``, as dotted names.

    Compared: every entry of ``settings`` except ``settings.bootstrap`` (replicates, seed and unit
    change the intervals, not the figures; a comparison draws its own) and the settings of tasks ``b``
    did not score, the scorer version, the split and the gold hash. ``settings.tasks`` differs only
    when ``b`` scored a task that ``a`` did not: the comparison is over the tasks of ``b``.
    """
    tasks_b = b.get("settings", {}).get("tasks", list(TASKS))
    tasks_a = a.get("settings", {}).get("tasks", list(TASKS))
    skip = {"bootstrap", "tasks", *(t for t in TASKS if t not in tasks_b)}
    fa = _flatten({k: v for k, v in a.get("settings", {}).items() if k not in skip}, "settings")
    fb = _flatten({k: v for k, v in b.get("settings", {}).items() if k not in skip}, "settings")
    if any(t not in tasks_a for t in tasks_b):
        fa["settings.tasks"], fb["settings.tasks"] = tasks_a, tasks_b
    for key in _COMPARED_FIELDS:
        fa[key], fb[key] = a.get(key), b.get(key)
    fa["gold.sha256"], fb["gold.sha256"] = a.get("gold", {}).get("sha256"), b.get("gold", {}).get("sha256")
    missing = object()
    return sorted(k for k in set(fa) | set(fb) if fa.get(k, missing) != fb.get(k, missing))


def compare_reports(
    a: Report, b: Report, replicates: int = 1000, seed: int = 0, unit: str = "auto", a_name: str | None = None
) -> dict[str, Any]:
    """Paired bootstrap comparison of run ``b`` against run ``a`` (both reports of the same gold).

    Refused (:class:`CompareError`) when ``a`` is not a report or any setting that affects the figures
    differs (see :func:`differing_settings`).
    """
    name = a_name or "the earlier report"
    a = check_report(a, name)
    differ = differing_settings(a, b)
    if differ:
        shown = ", ".join(f"{k} ({_short(_get(a, k))} vs {_short(_get(b, k))})" for k in differ)
        raise CompareError(
            f"{name} was scored with other settings than this run, so the figures are not comparable: {shown}"
        )
    chosen, reason = choose_unit(b["documents"], unit)
    if unit == "auto":
        chosen = b["settings"]["bootstrap"]["unit"]
    keys_a, units_a = _report_units(a, chosen)
    keys_b, units_b = _report_units(b, chosen)
    if keys_a != keys_b:
        raise CompareError(f"{name} and this run have different scoring units")
    if len(units_b) < MIN_UNITS:
        reason = f"{len(units_b)} unit: no interval ({reason})"
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


def _get(report: Report, dotted: str) -> Any:
    if dotted == "gold.sha256":
        return report.get("gold", {}).get("sha256")
    if dotted in _COMPARED_FIELDS:
        return report.get(dotted)
    value: Any = report
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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


__all__: Sequence[str] = (
    "BenchError",
    "CompareError",
    "Gold",
    "TaskError",
    "benchmark",
    "checked_tasks",
    "choose_tasks",
    "compare_reports",
    "load_gold",
    "run_extractor",
    "training_data",
    "training_notes",
)
