"""Offset conversions, one module each.

newsgold stores one offset convention: 0-based, half-open ``[start, end)``, Python code points over
the cleaned NFC text. Every other convention is produced here and only here:

- :mod:`newsgold.convert.tokens`: token offsets and BIO tags (the ``ner`` configuration, seqeval);
- :mod:`newsgold.convert.utf16`: UTF-16 code units (JavaScript editors, Label Studio diagnostics);
- :mod:`newsgold.convert.inclusive`: inclusive end offsets (nervaluate and other scorers).
"""
