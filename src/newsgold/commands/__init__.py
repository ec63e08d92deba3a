"""Subcommands of the ``newsgold`` command, one module each (see :mod:`newsgold.cli`)."""
