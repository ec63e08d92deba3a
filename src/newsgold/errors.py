"""The one root of the errors newsgold raises on purpose, each carrying the exit code of its kind.

``newsgold.cli.main`` turns any :class:`NewsgoldError` into one line on stderr and its ``exit_code``;
library callers catch :class:`NewsgoldError` (or a subclass) and never see a traceback for bad input.
Exit codes: 0 clean, 1 the data has problems (:class:`DataError`), 2 the request cannot be carried out
as given: arguments, paths, destinations (:class:`UsageError`).

Most subclasses also derive from the built-in exception callers caught before this root existed
(``ValueError``, ``RuntimeError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


class NewsgoldError(Exception):
    """An error newsgold reports as one line; ``exit_code`` says what kind it is."""

    exit_code: ClassVar[int] = EXIT_DATA


class DataError(NewsgoldError):
    """The data read (a document, an annotation, an export, a release, a state file) has a problem."""

    exit_code: ClassVar[int] = EXIT_DATA


class UsageError(NewsgoldError):
    """The request cannot be carried out as given: a bad option, path, root or destination."""

    exit_code: ClassVar[int] = EXIT_USAGE
