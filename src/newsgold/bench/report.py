"""Benchmark reports: JSON (everything, including unit counts for paired comparisons), Markdown and a
terminal table. Every report records the corpus version, the release manifest hash, the scorer
version and every setting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Report = dict[str, Any]

HEADLINE = (
    ("entities.strict.micro.f1", "Entities strict micro F1"),
    ("entities.strict.macro.f1", "Entities strict macro F1 (over types)"),
    ("entities.exact.micro.f1", "Entities exact micro F1"),
    ("entities.ent_type.micro.f1", "Entities type (overlap) micro F1"),
    ("entities.partial.micro.f1", "Entities partial micro F1"),
    ("events.trigger_id.f1", "Trigger identification F1"),
    ("events.trigger_cls.f1", "Trigger classification F1"),
    ("events.argument_id.keyed.f1", "Argument identification F1 (keyed)"),
    ("events.argument_cls.keyed.f1", "Argument classification F1 (keyed)"),
    ("events.argument_id.attached.f1", "Argument identification F1 (attached)"),
    ("events.argument_cls.attached.f1", "Argument classification F1 (attached)"),
    ("events.realis.accuracy", "Realis accuracy (identified triggers)"),
    ("claims.detection_exact.f1", "Claim detection F1 (exact)"),
    ("claims.detection_overlap.f1", "Claim detection F1 (overlap)"),
    ("claims.content_tokens.f1", "Claim content token F1"),
    ("claims.cue.accuracy", "Cue accuracy (matched claims)"),
    ("claims.claimer_exact.accuracy", "Claimer accuracy, exact (matched claims)"),
    ("claims.claimer_coref.accuracy", "Claimer accuracy, coreference (matched claims)"),
    ("claims.form.accuracy", "Form accuracy (matched claims)"),
    ("claims.stance.accuracy", "Stance accuracy (matched claims)"),
    ("claims.joint.f1", "Claim + claimer + stance F1"),
)


def _pct(x: float | None) -> str:
    """A figure as a percentage; ``-`` where it is undefined (an accuracy over no matched items)."""
    return "-" if x is None or x != x else f"{100 * x:.1f}"


def _ci(intervals: Mapping[str, Any], name: str) -> str:
    iv = intervals.get(name)
    if not iv or iv["low"] is None or _nan(iv["low"]):
        return "-"
    return f"[{_pct(iv['low'])}, {_pct(iv['high'])}]"


def _signed(x: float | None) -> str:
    return "-" if _nan(x) else f"{100 * x:+.1f}"  # type: ignore[operator]


def _p(x: float | None) -> str:
    return "-" if _nan(x) else f"{x:.3f}"


def _nan(x: float | None) -> bool:
    return x is None or x != x


def headline_rows(report: Report) -> list[tuple[str, str, str]]:
    figs, ivs = report["figures"], report.get("intervals", {})
    return [(label, _pct(figs[name]), _ci(ivs, name)) for name, label in HEADLINE if name in figs]


def _provenance_lines(report: Report) -> list[str]:
    src = report["source"]
    manifest = (
        report["release_manifest_sha256"] or f"null ({report.get('release') or 'unreleased working tree'})"
    )
    boot, settings = report["settings"]["bootstrap"], report["settings"]
    tasks = report.get("tasks") or {"scored": settings.get("tasks", []), "reason": None}
    return [f"note: {n}" for n in report.get("notes", [])] + [
        f"source: {src['kind']} {src['name']} (version {src.get('version') or '-'})",
        f"corpus {report['corpus_version']}, split {report['split']}, {report['documents']} document(s), "
        f"gold {report['gold']['sha256'][:12]}",
        f"release manifest SHA-256: {manifest}",
        f"scorer {report['scorer_version']} (newsgold {report['package_version']})",
        f"tasks scored: {', '.join(tasks['scored']) or '(none)'}"
        + (f" ({tasks['reason']})" if tasks.get("reason") else ""),
        *(
            [f"mention kinds scored: {', '.join(settings['entities']['kinds'])}"]
            if "entities" in settings
            else []
        ),
        f"95% intervals: {boot['replicates']} bootstrap replicates, seed {boot['seed']}, {boot['reason']}",
        "documents without prediction (counted as all missed): "
        f"{len(report['documents_without_prediction'])}",
        f"unlocatable predicted spans (counted as spurious): {report['predictions']['unlocatable']}",
    ]


def format_table(report: Report) -> str:
    """The terminal view: provenance lines and the headline figures with their intervals."""
    rows = headline_rows(report)
    w = max(len(r[0]) for r in rows) if rows else 10
    out = _provenance_lines(report) + ["", f"{'figure':<{w}}  {'value':>6}  95% interval"]
    out += [f"{label:<{w}}  {value:>6}  {ci}" for label, value, ci in rows]
    if report.get("comparison"):
        out += [
            "",
            f"paired comparison against {report['comparison']['other']} (B - A; p: one-sided paired "
            "bootstrap p-value, for the sign of the observed difference):",
        ]
        for name, label in HEADLINE:
            d = report["comparison"]["differences"].get(name)
            if d:
                out.append(
                    f"{label:<{w}}  {_signed(d['delta']):>6}  "
                    f"[{_signed(d['interval']['low'])}, {_signed(d['interval']['high'])}]  "
                    f"p={_p(d['p_value'])}"
                )
    return "\n".join(out)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def format_markdown(report: Report) -> str:
    src = report["source"]
    out = [f"# newsgold benchmark: {src['name']}", ""]
    out += [f"- {line}" for line in _provenance_lines(report)]
    out += [
        "",
        "Figures are percentages. Micro figures sum counts over types; macro figures average per-type F1 "
        "over the types that occur in the gold or the predictions.",
        "",
        "## Headline figures",
        "",
    ]
    out += _md_table(["figure", "value", "95% interval"], [list(r) for r in headline_rows(report)])
    tables = report["tables"]
    if "entities" in tables:
        ent = tables["entities"]
        out += [
            "",
            "## Entities",
            "",
            "Per type, a matched pair counts under its gold type and a spurious prediction "
            "under its own type, so the rows add up to the totals; "
            "the confusion matrix shows predicted types.",
            "",
        ]
        for scheme in ("strict", "exact", "ent_type", "partial"):
            sc = ent["schemes"][scheme]
            rows = []
            for t, r in sc["types"].items():
                rows.append(
                    [
                        t + ("" if r["in_inventory"] else " (not in inventory)"),
                        str(r["support"]),
                        *(str(r[k]) for k in ("COR", "INC", "PAR", "MIS", "SPU")),
                        _pct(r["precision"]),
                        _pct(r["recall"]),
                        _pct(r["f1"]),
                    ]
                )
            m = sc["micro"]
            rows.append(
                [
                    "**micro**",
                    str(m["POS"]),
                    *(str(m[k]) for k in ("COR", "INC", "PAR", "MIS", "SPU")),
                    _pct(m["precision"]),
                    _pct(m["recall"]),
                    _pct(m["f1"]),
                ]
            )
            rows.append(
                [
                    f"**macro** ({sc['macro']['types']} types)",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    _pct(sc["macro"]["f1"]),
                ]
            )
            out += ["", f"### {scheme}", ""]
            out += _md_table(["type", "support", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1"], rows)
        out += ["", "### Error categories (strict alignment)", ""]
        out += _md_table(["category", "count"], [[k, str(v)] for k, v in ent["errors"].items()])
        labels = sorted({g for g in ent["confusion"]} | {p for row in ent["confusion"].values() for p in row})
        out += ["", "### Confusion matrix (rows gold, columns predicted, - = none)", ""]
        out += _md_table(
            ["gold \\ pred"] + labels,
            [[g] + [str(ent["confusion"].get(g, {}).get(p, "")) for p in labels] for g in labels],
        )
    if "events" in tables:
        ev = tables["events"]
        out += ["", "## Events", "", "### Triggers per type (classification)", ""]
        out += _md_table(
            ["type", "support", "predicted", "identified", "classified", "P", "R", "F1"],
            [
                [
                    t,
                    str(r["support"]),
                    str(r["predicted"]),
                    str(r["identified"]),
                    str(r["classified"]),
                    _pct(r["precision"]),
                    _pct(r["recall"]),
                    _pct(r["f1"]),
                ]
                for t, r in ev["types"].items()
            ],
        )
        out += ["", "### Arguments per role (classification)", ""]
        out += _md_table(
            ["role", "support", "predicted", "keyed F1", "attached F1"],
            [
                [
                    role,
                    str(r["support"]),
                    str(r["predicted"]),
                    _pct(r["keyed"]["f1"]),
                    _pct(r["attached"]["f1"]),
                ]
                for role, r in ev["roles"].items()
            ],
        )
    if "claims" in tables:
        cl = tables["claims"]
        out += [
            "",
            "## Claims",
            "",
            f"{cl['gold']} gold, {cl['predicted']} predicted, {cl['matched']} matched "
            f"({cl['matched_exact']} with the exact content span).",
            "",
        ]
        for name in ("claimer_confusion", "form_confusion", "stance_confusion"):
            if cl[name]:
                out += [
                    f"- {name.replace('_', ' ')} (gold|predicted): "
                    + ", ".join(f"{k}: {v}" for k, v in cl[name].items())
                ]
    if report.get("comparison"):
        comp = report["comparison"]
        out += [
            "",
            f"## Paired comparison against {comp['other']}",
            "",
            f"Run A: {comp['a']}; run B: this run. "
            "Difference B - A with its 95% paired bootstrap interval and "
            "the one-sided paired bootstrap p-value for the sign of the observed difference "
            "(Berg-Kirkpatrick et al. 2012).",
            "",
        ]
        out += _md_table(
            ["figure", "A", "B", "B - A", "95% interval", "p (one-sided)"],
            [
                [
                    label,
                    _pct(d["a"]),
                    _pct(d["b"]),
                    _signed(d["delta"]),
                    f"[{_signed(d['interval']['low'])}, {_signed(d['interval']['high'])}]",
                    _p(d["p_value"]),
                ]
                for name, label in HEADLINE
                if (d := comp["differences"].get(name))
            ],
        )
    findings = report["findings"]
    out += ["", "## Input findings", "", f"{findings['errors']} error(s), {findings['warnings']} warning(s)."]
    out += [f"- `{code}`: {n}" for code, n in sorted(findings["by_code"].items())]
    out += ["", "## Settings", "", "```json", _json(report["settings"]), "```", ""]
    return "\n".join(out)


def _json(data: Any) -> str:
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
