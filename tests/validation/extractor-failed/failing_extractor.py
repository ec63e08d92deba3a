"""An extractor with a bug: it looks for a dateline the document does not have."""

from newsgold.model import Annotation, Document, Mention


def extract(document: Document) -> Annotation:
    start = document.text.index("WASHINGTON")  # not in the text: ValueError
    end = start + len("WASHINGTON")
    mention = Mention("m1", start, end, document.text[start:end], "GPE", "name")
    return Annotation(document.id, document.text_sha256, "system", mentions=(mention,))
