"""The benchmark harness: score extractors on the gold, honestly.

- :mod:`~newsgold.bench.matching`: optimal one-to-one matching with deterministic tie-breaks;
- :mod:`~newsgold.bench.entities`, :mod:`~newsgold.bench.events`, :mod:`~newsgold.bench.claims`:
  the task scorers, producing counts per paragraph (:mod:`~newsgold.bench.core`);
- :mod:`~newsgold.bench.scorer`: all tasks together, figures and tables;
- :mod:`~newsgold.bench.bootstrap`: seeded bootstrap intervals and the paired comparison of two runs;
- :mod:`~newsgold.bench.extractors` (the :class:`Extractor` protocol and registry) and
  :mod:`~newsgold.bench.baselines`; :mod:`~newsgold.bench.predictions` (JSON Lines input);
- :mod:`~newsgold.bench.run` and :mod:`~newsgold.bench.report`: ``newsgold bench``;
- :mod:`~newsgold.bench.agreement`: inter-annotator agreement with the same scorer (``newsgold agree``).

Scoring an extractor from Python::

    from newsgold.bench import Case, score
    scores = score([Case(document, gold_annotation, predicted_annotation)])
    scores.figures["entities.strict.micro.f1"]
"""

from newsgold.bench.agreement import AgreementReport, agreement
from newsgold.bench.core import Case
from newsgold.bench.extractors import REGISTRY, Extractor, load_extractor
from newsgold.bench.scorer import SCORER_VERSION, Scores, Settings, score

__all__ = [
    "REGISTRY",
    "SCORER_VERSION",
    "AgreementReport",
    "Case",
    "Extractor",
    "Scores",
    "Settings",
    "agreement",
    "load_extractor",
    "score",
]
