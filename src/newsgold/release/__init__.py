"""Versioned releases of the corpus: Parquet + dataset card + Croissant + manifest.

``build_release`` validates the corpus and writes ``dist/newsgold-<version>/``; ``verify_release``
checks a release against its manifest; ``diff_releases`` compares two releases; ``rehydrate`` restores
the text of a standoff release from raw pages.
"""

from newsgold.release.build import ReleaseError, ReleaseSummary, build_release, release_dir, write_release
from newsgold.release.manifest import Verification, verify_release

__all__ = [
    "ReleaseError",
    "ReleaseSummary",
    "Verification",
    "build_release",
    "release_dir",
    "verify_release",
    "write_release",
]
