"""What every test folder shares about the checkout the tests run in: its folder and the seed article.

Importable from any test module (the root ``tests/conftest.py`` puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SEED_ID = "bc715259e8893656"  # the Kyodo News seed article, the first document with gold
SEED_DOCUMENT = CHECKOUT / "corpus" / "documents" / f"{SEED_ID}.json"
SEED_GOLD = CHECKOUT / "annotations" / "gold" / f"{SEED_ID}.json"
