"""Fixtures shared by every test folder (folder-specific ones live in that folder's conftest.py)."""

from __future__ import annotations

import pytest

from checkout import SEED_DOCUMENT, SEED_GOLD
from newsgold.io import read_annotation, read_document
from newsgold.model import Annotation, Document


@pytest.fixture(scope="session")
def seed_document() -> Document:
    """The seed article, as the corpus holds it."""
    return read_document(SEED_DOCUMENT)


@pytest.fixture(scope="session")
def seed_gold() -> Annotation:
    """The seed article's gold annotation."""
    return read_annotation(SEED_GOLD)
