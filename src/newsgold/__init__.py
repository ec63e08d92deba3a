"""newsgold: cleaned news articles with gold standoff annotations for entities, events and claims."""

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

__version__ = "0.1.0"

__all__ = [
    "AnnotatedDocument", "Annotation", "Argument", "Claim", "Cluster", "Document", "Event",
    "Mention", "Span", "__version__",
]
