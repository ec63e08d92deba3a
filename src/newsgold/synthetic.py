"""Synthetic corpora for measurement only: ``synthesize(n, root_out)``.

A synthetic corpus is built from the gold documents of a project: each new document keeps the headline
of one gold document first and follows it with body paragraphs drawn from all gold documents, reordered
and recombined. Its raw page is rendered again in the text-dump shape and cleaned by the real cleaner,
so the text, paragraphs, segments and dateline are exactly what ingesting that page gives. Annotations
travel with whole paragraphs: every span is shifted to its new offset, and an item is kept only when
all its spans lie in paragraphs the new document kept (a span across paragraphs needs them kept next
to each other, in order). References to items left behind are dropped: an argument whose mention or
span is gone, a claim's link to a dropped event, a cluster member; an event whose trigger is gone, a
claim whose content, cue or claimer is gone, and a cluster left with one mention are dropped whole. The result
validates with no findings.

The documents are marked: ids ``syn-000001``..., section path starting with ``SYNTHETIC``, and
``corpus/VERSION.json`` carries ``"synthetic": true``, so :func:`newsgold.release.build_release`
refuses the root unless a benchmark asks for it explicitly. A synthetic corpus is never released and
never written under the project's own ``corpus/`` or ``annotations/``. It is built in a folder beside
its destination and swapped into place whole (:func:`newsgold.io.replacing_folder`), and it replaces
only an empty folder or an earlier synthetic corpus that holds nothing synth does not write.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import random
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from newsgold import paths
from newsgold.corpus.splits import assign_splits, splits_path
from newsgold.corpus.version import CorpusVersion, changelog_path, read_version, version_path
from newsgold.errors import DataError
from newsgold.ingest import build_document
from newsgold.io import atomic_write_bytes, dumps, read_json, replacing_folder, write_json
from newsgold.model import Annotation, Argument, Claim, Cluster, Document, Event, Mention, Span
from newsgold.validate.load import load_corpus

MARK = "SYNTHETIC"
ID_PREFIX = "syn-"
RAW_SUFFIX = ".txt"
MIN_SHARE = 0.75  # a new document has 75-100% as many body paragraphs as its headline's source


class SynthError(DataError, ValueError):
    """The synthetic corpus cannot be built; ``usage`` when the request itself is wrong (a forbidden
    output folder, a bad count) rather than the source data."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True, slots=True)
class SynthSummary:
    root: Path
    documents: int
    sources: int
    mentions: int
    events: int
    claims: int
    raw_bytes: int
    notes: tuple[str, ...] = ()  # what was cleaned up after an interrupted run

    def line(self) -> str:
        return (
            f"synthetic corpus: {self.documents} document(s) from {self.sources} gold document(s), "
            f"{self.mentions} mentions, {self.events} events, {self.claims} claims, "
            f"{self.raw_bytes / 1e6:.1f} MB of raw pages -> {self.root}"
        )


@dataclass(frozen=True, slots=True)
class _Source:
    doc: Document
    ann: Annotation
    prefix: str  # id prefix of its annotation items ("" with a single source)
    starts: tuple[int, ...]  # paragraph starts, for bisect
    headline: int  # paragraph index of the headline
    body: tuple[int, ...]  # paragraph indices of the body


def is_synthetic(root: Path | None = None) -> bool:
    """Whether ``root`` holds a synthetic corpus (its ``corpus/VERSION.json`` says ``"synthetic": true``)."""
    path = version_path(root)
    if not path.is_file():
        return False
    try:
        data = read_json(path)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("synthetic") is True


def _check_output(root_out: Path, source_root: Path) -> None:
    out = root_out.resolve()
    projects = {source_root.resolve()}
    if (found := paths.find_project_root()) is not None:
        projects.add(found.resolve())
    for project in projects:
        if out == project:
            raise SynthError(
                f"{root_out}: the output would be the project's own corpus; choose another folder", usage=True
            )
        for name in ("corpus", "annotations"):
            inside = project / name
            if out == inside or out.is_relative_to(inside):
                raise SynthError(
                    f"{root_out}: inside the project's {name}/ ({inside}); a synthetic corpus "
                    "is for measurement only and is written elsewhere",
                    usage=True,
                )
    source = paths.source_folder_at(out, projects)
    if source is not None:
        raise SynthError(f"{root_out}: is, holds or lies in {source}, the project's own sources", usage=True)
    if not out.exists():
        parent = next((p for p in out.parents if p.exists()), None)
        if parent is not None and not parent.is_dir():
            raise SynthError(f"{root_out}: cannot be created: {parent} is not a folder", usage=True)
        return
    if not out.is_dir():
        raise SynthError(f"{root_out}: exists and is not a folder; give an empty or new folder", usage=True)
    if any(out.iterdir()) and not is_synthetic(out):
        raise SynthError(
            f"{root_out}: exists and is not a synthetic corpus; give an empty or new folder", usage=True
        )
    foreign = _foreign_entry(out)
    if foreign is not None:
        raise SynthError(
            f"{root_out}: holds {foreign}, which newsgold synth does not write; refusing to replace it: "
            "give an empty or new folder",
            usage=True,
        )


# What synthesize writes: these folders, and files only in the first four.
_FILE_FOLDERS = ("corpus", "corpus/documents", "corpus/raw", "annotations/gold")
_FOLDERS = (*_FILE_FOLDERS, "annotations")


def _foreign_entry(out: Path) -> str | None:
    """The first entry under ``out`` that :func:`synthesize` does not write (a file or folder elsewhere,
    a symbolic link, a special file), or ``None``."""
    for folder, dirs, files in os.walk(out):
        base = Path(folder)
        for name in sorted(dirs + files):
            rel = (base / name).relative_to(out).as_posix()
            mode = (base / name).lstat().st_mode
            if stat.S_ISDIR(mode):
                if rel not in _FOLDERS:
                    return rel
            elif not stat.S_ISREG(mode) or base.relative_to(out).as_posix() not in _FILE_FOLDERS:
                return rel
    return None


def _sources(source_root: Path) -> list[_Source]:
    pairs = [
        (item.document, item.annotation) for item in load_corpus(source_root) if item.annotation is not None
    ]
    if not pairs:
        raise SynthError(
            f"{paths.gold_dir(source_root)}: no gold annotation of a corpus document to build from"
        )
    out = []
    for k, (doc, ann) in enumerate(pairs):
        heads = [i for i, p in enumerate(doc.paragraphs) if p.kind == "headline"]
        body = tuple(
            i
            for i, p in enumerate(doc.paragraphs)
            if p.kind != "headline" and "\n" not in doc.text[p.start : p.end]
        )
        if not heads or not body:
            continue
        out.append(
            _Source(
                doc,
                ann,
                f"s{k + 1}." if len(pairs) > 1 else "",
                tuple(p.start for p in doc.paragraphs),
                heads[0],
                body,
            )
        )
    if not out:
        raise SynthError(f"{source_root}: no gold document has a headline and body paragraphs")
    return out


# --- the raw page ------------------------------------------------------------------------------------

_MONTHS = ("January February March April May June July August September October November December").split()


def render_page(headline: str, body: list[str], doc: Document) -> str:
    """A text dump in the seed's shape: print header, breadcrumb, headline, date/publisher/time bullets,
    body paragraphs separated by blank lines."""
    meta = doc.metadata
    section = " > ".join((MARK, *meta.section_path)) if meta.section_path else f"{MARK} > benchmark"
    lines = ["print PRINT", "", section, "", headline, ""]
    day = meta.published_date
    if day:
        d = dt.date.fromisoformat(day)
        lines.append(f"  • {_MONTHS[d.month - 1]} {d.day}, {d.year}")
    extra = ", ".join(x for x in (meta.publisher, meta.time_as_printed) if x)
    if extra:
        lines.append(f"  • , {extra}")
    if day or extra:
        lines.append("")
    lines.append("\n\n\n".join(body))
    return "\n".join(lines) + "\n"


# --- moving annotations with their paragraphs ----------------------------------------------------


class _Mover:
    """Maps spans of one source document into a new document (``None``: not carried along)."""

    def __init__(self, src: _Source, deltas: dict[int, int]) -> None:
        self.src, self.deltas = src, deltas
        self.ends = tuple(p.end for p in src.doc.paragraphs)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        first = bisect.bisect_right(self.src.starts, start) - 1
        if first < 0 or start >= self.ends[first]:
            return None
        last = first
        while end > self.ends[last]:
            last += 1
            if last >= len(self.ends) or end <= self.src.starts[last]:
                return None
        delta = self.deltas.get(first)
        if delta is None or any(self.deltas.get(p) != delta for p in range(first + 1, last + 1)):
            return None
        return start + delta, end + delta

    def spanobj(self, s: Span | None, text: str) -> Span | None:
        if s is None:
            return None
        moved = self.span(s.start, s.end)
        if moved is None or text[moved[0] : moved[1]] != s.text:
            return None
        return Span(moved[0], moved[1], s.text)


def _carry(
    src: _Source, mover: _Mover, text: str
) -> tuple[list[Mention], list[Event], list[Claim], list[Cluster]]:
    pre = src.prefix
    mentions: dict[str, Mention] = {}
    for m in src.ann.mentions:
        s = mover.spanobj(m.span, text)
        if s is not None:
            mentions[m.id] = replace(m, id=pre + m.id, start=s.start, end=s.end)
    events: dict[str, Event] = {}
    for e in src.ann.events:
        trigger = mover.spanobj(e.trigger, text)
        if trigger is None:
            continue
        args = []
        for a in e.arguments:
            if a.mention is not None:
                if a.mention in mentions:
                    args.append(Argument(a.role, mention=pre + a.mention))
            elif (span := mover.spanobj(a.span, text)) is not None:
                args.append(Argument(a.role, span=span))
        events[e.id] = replace(e, id=pre + e.id, trigger=trigger, arguments=tuple(args))
    claims = []
    for c in src.ann.claims:
        content = mover.spanobj(c.content, text)
        cue = mover.spanobj(c.cue, text)
        if content is None or (c.cue is not None and cue is None):
            continue
        if c.claimer is not None and c.claimer not in mentions:
            continue
        claims.append(
            replace(
                c,
                id=pre + c.id,
                content=content,
                cue=cue,
                claimer=None if c.claimer is None else pre + c.claimer,
                events=tuple(pre + e for e in c.events if e in events),
            )
        )
    clusters = []
    for cl in src.ann.clusters:
        members = tuple(pre + m for m in cl.mentions if m in mentions)
        if len(members) >= 2:  # singletons get no cluster
            clusters.append(replace(cl, id=pre + cl.id, mentions=members))
    return list(mentions.values()), list(events.values()), claims, clusters


MAX_DRAWS = 100  # draws of one synthetic document before giving up on a text not drawn before


def synthetic_document(
    k: int, rng: random.Random, sources: list[_Source], pool: list[tuple[int, int]]
) -> tuple[Document, Annotation, bytes]:
    """The ``k``-th synthetic document (id ``syn-NNNNNN``), its annotation and its raw page."""
    head_src = rng.randrange(len(sources))
    src = sources[head_src]
    want = rng.randint(max(1, round(MIN_SHARE * len(src.body))), len(src.body))
    picked = rng.sample(pool, min(want, len(pool)))
    pieces = [(head_src, src.headline), *picked]
    texts = [
        sources[s].doc.text[sources[s].doc.paragraphs[p].start : sources[s].doc.paragraphs[p].end]
        for s, p in pieces
    ]
    doc_id = f"{ID_PREFIX}{k:06d}"
    raw_rel = f"corpus/raw/{doc_id}{RAW_SUFFIX}"
    raw = render_page(texts[0], texts[1:], src.doc).encode("utf-8")
    doc = build_document(Path(doc_id + RAW_SUFFIX), raw, doc_id, raw_rel)
    got = [doc.text[p.start : p.end] for p in doc.paragraphs]
    if got != texts:
        raise SynthError(
            f"{doc_id}: the cleaner reads the rendered page differently from its paragraphs "
            f"(source {src.doc.id})"
        )
    deltas: dict[int, dict[int, int]] = {}
    for (s, p), new in zip(pieces, doc.paragraphs, strict=True):
        deltas.setdefault(s, {})[p] = new.start - sources[s].doc.paragraphs[p].start
    mentions: list[Mention] = []
    events: list[Event] = []
    claims: list[Claim] = []
    clusters: list[Cluster] = []
    for s in sorted(deltas):
        m, e, c, cl = _carry(sources[s], _Mover(sources[s], deltas[s]), doc.text)
        mentions += m
        events += e
        claims += c
        clusters += cl
    first = {m.id: m.start for m in mentions}
    ann = Annotation(
        doc.id,
        doc.text_sha256,
        src.ann.annotator,
        tuple(sorted(mentions, key=lambda m: (m.start, -m.end, m.id))),
        tuple(sorted(clusters, key=lambda c: (min(first[i] for i in c.mentions), c.id))),
        tuple(sorted(events, key=lambda e: (e.trigger.start, e.id))),
        tuple(sorted(claims, key=lambda c: (c.content.start, c.id))),
    )
    return doc, ann, raw


def _generate(n: int, sources: list[_Source], seed: int) -> Iterator[tuple[Document, Annotation, bytes]]:
    """``n`` synthetic documents with their annotations and raw pages, in id order (nothing written)."""
    pool = [(s, p) for s, src in enumerate(sources) for p in src.body]
    rng = random.Random(seed)
    seen: set[str] = set()  # the texts so far: a corpus with one text twice fails validation
    for k in range(1, n + 1):
        for _ in range(MAX_DRAWS):
            doc, ann, raw = synthetic_document(k, rng, sources, pool)
            if doc.text_sha256 not in seen:
                break
        else:
            raise SynthError(f"{doc.id}: {MAX_DRAWS} draws gave texts already in the corpus; too few sources")
        seen.add(doc.text_sha256)
        yield doc, ann, raw


def _changelog(version: str, date: str, n: int, seed: int) -> str:
    return (
        f"# Synthetic corpus\n\nFor measurement only; never released.\n\n## {version} ({date})\n\n"
        f"- {n} synthetic documents (seed {seed}) recombined from the gold documents of corpus "
        f"{version}.\n"
    )


def synthesize(
    n: int, root_out: Path, source_root: Path | None = None, seed: int = 0, *, progress: bool = False
) -> SynthSummary:
    """Write a synthetic corpus of ``n`` documents under ``root_out`` (``corpus/`` and
    ``annotations/gold/``); the same ``n``, sources and ``seed`` give the same files."""
    if n < 1:
        raise SynthError(f"n={n}: at least one document", usage=True)
    source_root = source_root or paths.project_root()
    _check_output(root_out, source_root)
    sources = _sources(source_root)
    version = read_version(source_root)
    final = root_out.resolve()
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SynthError(
            f"{root_out}: cannot be created: {exc.strerror} ({exc.filename})", usage=True
        ) from None
    with replacing_folder(final) as work:
        _check_output(root_out, source_root)  # again, after the recovery of an interrupted run
        counts = _write_corpus(work.folder, n, sources, version, seed, progress)
    mentions, events, claims, raw_bytes = counts
    return SynthSummary(root_out, n, len(sources), mentions, events, claims, raw_bytes, tuple(work.notes))


def _write_corpus(
    root_out: Path, n: int, sources: list[_Source], version: CorpusVersion, seed: int, progress: bool
) -> tuple[int, int, int, int]:
    """Write the synthetic corpus into the empty folder ``root_out``: mentions, events, claims, raw bytes."""
    docs_dir, gold_dir = paths.documents_dir(root_out), paths.gold_dir(root_out)
    for d in (docs_dir, gold_dir, paths.raw_dir(root_out)):
        d.mkdir(parents=True, exist_ok=True)
    write_json(
        version_path(root_out),
        {
            "corpus_version": version.corpus_version,
            "date": version.date,
            "annotation_licence": version.annotation_licence,
            "annotation_licence_url": version.annotation_licence_url,
            "synthetic": True,
            "documents": n,
            "seed": seed,
            "sources": sorted(s.doc.id for s in sources),
        },
    )
    atomic_write_bytes(
        changelog_path(root_out), _changelog(version.corpus_version, version.date, n, seed).encode("utf-8")
    )
    counts = [0, 0, 0, 0]
    ids = []
    items = _generate(n, sources, seed)
    if progress:
        import sys

        from tqdm import tqdm

        items = tqdm(
            items, total=n, desc="synth", unit="doc", file=sys.stderr, disable=not sys.stderr.isatty()
        )
    for doc, ann, raw in items:
        atomic_write_bytes(root_out / doc.provenance.raw_path, raw)
        atomic_write_bytes(docs_dir / f"{doc.id}.json", dumps(doc.to_dict()))
        atomic_write_bytes(gold_dir / f"{doc.id}.json", dumps(ann.to_dict()))
        ids.append(doc.id)
        counts[0] += len(ann.mentions)
        counts[1] += len(ann.events)
        counts[2] += len(ann.claims)
        counts[3] += len(raw)
    write_json(splits_path(root_out), assign_splits(ids, {}))
    return counts[0], counts[1], counts[2], counts[3]
