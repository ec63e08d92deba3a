"""Extractors: the plug-in point of the benchmark.

An extractor is any object with a ``name``, a ``version`` and ``__call__(document) -> Annotation``
(the :class:`Extractor` protocol). It is named on the command line either by a registered name (the
built-in baselines, :data:`REGISTRY`) or as ``module:callable``, where ``callable`` is

- an object that follows the protocol, used as is;
- a class, instantiated without arguments;
- a plain function ``document -> Annotation``, named after ``module:callable`` and versioned by its
  module's ``__version__`` (or ``unversioned``).

Registered extractors are built from the training split's gold (the baselines learn a gazetteer and
a trigger lexicon from it). An extractor may also return the annotation as a plain dict; it is then
read like a line of a predictions file.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from newsgold.bench.baselines import Baseline, ClaimBaseline, EntityBaseline, EventBaseline
from newsgold.errors import UsageError
from newsgold.model import AnnotatedDocument, Annotation, Document


@runtime_checkable
class Extractor(Protocol):
    name: str
    version: str

    def __call__(self, document: Document) -> Annotation: ...


Factory = Callable[[Sequence[AnnotatedDocument]], Extractor]

REGISTRY: dict[str, tuple[Factory, str]] = {
    "baseline": (lambda train: Baseline(train), "all three baselines below, sharing one entity pass"),
    "gazetteer": (
        lambda train: EntityBaseline(train),
        "entities: value patterns plus the training split's names",
    ),
    "trigger-lexicon": (lambda train: EventBaseline(train), "events: a trigger lexicon, nearest Time/Place"),
    "quote-cue": (lambda train: ClaimBaseline(train), "claims: quotations and reporting verbs"),
}


class ExtractorError(UsageError, ValueError):
    """The extractor named on the command line cannot be loaded."""


@dataclass
class FunctionExtractor:
    function: Callable[[Document], Annotation]
    name: str
    version: str

    def __call__(self, document: Document) -> Annotation:
        return self.function(document)


def _import_from_working_folder(module_name: str) -> object:
    """``module_name`` imported as ``python -m`` would: the working folder first, then the path (so an
    extractor module next to the user's data is found without setting PYTHONPATH)."""
    cwd = str(Path.cwd())
    added = cwd not in sys.path
    if added:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(module_name)
    finally:
        if added:
            sys.path.remove(cwd)


def load_extractor(spec: str, training: Sequence[AnnotatedDocument] = ()) -> Extractor:
    """The extractor ``spec`` names: a registered name or ``module:callable``."""
    if spec in REGISTRY:
        return REGISTRY[spec][0](training)
    if ":" not in spec:
        raise ExtractorError(
            f"unknown extractor {spec!r}: registered names are {', '.join(REGISTRY)}; or give module:callable"
        )
    module_name, _, attr = spec.partition(":")
    try:
        obj: object = _import_from_working_folder(module_name)
    except ImportError as e:
        raise ExtractorError(
            f"cannot import {module_name!r} for extractor {spec!r} (looked in the working "
            f"folder {Path.cwd()} and on the Python path): {e}"
        ) from e
    module = obj
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ExtractorError(f"{module_name!r} has no attribute {attr!r}")
        obj = getattr(obj, part)
    if inspect.isclass(obj):
        try:
            obj = obj()
        except TypeError as e:
            raise ExtractorError(f"cannot instantiate {spec} without arguments: {e}") from e
    if not callable(obj):
        raise ExtractorError(f"{spec} is not callable")
    if isinstance(obj, Extractor):
        return obj
    version = getattr(module, "__version__", None)
    return FunctionExtractor(obj, spec, str(version) if version is not None else "unversioned")  # type: ignore[arg-type]
