"""The Label Studio round trip: labeling config, tasks, push/pull, checked import, adjudication.

How a newsgold annotation maps onto Label Studio results (see :mod:`newsgold.labelstudio.mapping`):

- a mention is a region of the ``entity`` labels (label = entity type), with the region id equal to
  the mention id; its kind is the per-region choice ``kind``, its DATE/TIME value the per-region text
  ``normalized`` and its coreference cluster the per-region choice ``cluster`` (cluster ids, chosen
  from those each task offers); the cluster's type and name are lines ``<id> | <type> | <name>`` of
  the document-level text ``clusters``;
- an event is a region of the ``event`` labels (label = event type, id = event id) with the
  per-region choice ``realis``; each argument is a relation from the event region to the mention
  region (relation labels = roles) or to a region of the ``argument`` labels when no mention fits;
- a claim is a ``Claim`` region of the ``claim`` labels (id = claim id) with the per-region choices
  ``form``, ``stance`` and ``claimer_status``; its cue is a ``Cue`` region linked by a ``cue``
  relation, its claimer a ``claimer`` relation to a mention, its events ``about`` relations.

Every layout of the labeling page (:data:`newsgold.labelstudio.config.LAYOUTS`: all layers at once, or
one layer per project) uses these names; a task records its layout, and the import puts each layer
back where it belongs.
"""
