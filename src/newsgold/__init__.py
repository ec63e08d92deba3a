"""newsgold: cleaned news articles with gold standoff annotations for entities, events and claims."""

from typing import TYPE_CHECKING, Any

from newsgold._version import __version__
from newsgold.model import (
    AnnotatedDocument,
    Annotation,
    Argument,
    Claim,
    Cluster,
    Document,
    Event,
    Mention,
    Span,
)

__all__ = [
    "AnnotatedDocument",
    "Annotation",
    "Argument",
    "Claim",
    "Cluster",
    "Document",
    "Event",
    "Mention",
    "Span",
    "__version__",
    "iter_documents",
    "load",
    "load_table",
]

if TYPE_CHECKING:
    from newsgold.loaders import iter_documents, load, load_table

_LAZY = frozenset({"load", "load_table", "iter_documents"})


def __getattr__(name: str) -> Any:
    """The loaders are imported on first use, so ``import newsgold`` stays light."""
    if name in _LAZY:
        from newsgold import loaders

        return getattr(loaders, name)
    raise AttributeError(f"module 'newsgold' has no attribute {name!r}")
