"""The version of the newsgold package (the code); the corpus has its own (``corpus/VERSION.json``)."""

__version__ = "0.1.0"
