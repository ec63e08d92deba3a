"""Built-in baseline extractors: cheap, deterministic, there to be run and to show where the floor is.

- :class:`EntityBaseline`: regular patterns for value expressions (dates, times, percentages, money,
  ordinals, cardinals) plus a gazetteer of the name mentions of the training split's gold (each
  surface string with its most frequent type). With no training documents the gazetteer is empty and
  only the patterns run. Overlaps are resolved longest first, then leftmost; gazetteer before patterns.
- :class:`EventBaseline`: a trigger lexicon (single words from the training gold, over a small
  built-in seed lexicon), realis from nearby cue words, and ``Time`` / ``Place`` arguments from the
  nearest date or place mention of the sentence when the event type allows those roles.
- :class:`ClaimBaseline`: quotations (direct claims) and reporting verbs (indirect claims: the clause
  after "said" or the clause before ", X said"), with the nearest name mention of the sentence as
  claimer, else unattributed; stance is always ``affirm``.

Every label these baselines emit is checked against the inventory when they are built.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsgold.convert.tokens import Token, sentences, tokenize
from newsgold.labels import inventory
from newsgold.model import AnnotatedDocument, Annotation, Argument, Claim, Document, Event, Mention, Span

BASELINE_VERSION = "1.0.0"

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?)"
)
# (pattern, entity type); the types are checked against the inventory in EntityBaseline.__init__.
PATTERNS: tuple[tuple[str, str], ...] = (
    (rf"(?:early|mid|late)[- ]{_MONTH}(?: \d{{4}})?", "DATE"),
    (rf"{_MONTH} \d{{1,2}}(?:, \d{{4}})?", "DATE"),
    (rf"{_MONTH}(?: \d{{4}})?", "DATE"),
    (rf"{_WEEKDAY}", "DATE"),
    (r"(?:last|next|this) (?:week|month|year)", "DATE"),
    (r"(?:yesterday|today|tomorrow)", "DATE"),
    (r"the (?:1[89]|20)\d0s|(?:1[89]|20)\d{2}", "DATE"),
    (r"\d{1,2}(?::\d{2})? ?[ap]\.m\.", "TIME"),
    (r"\d+(?:\.\d+)? ?(?:%|percent|per cent)", "PERCENT"),
    (r"[$€£¥]\d+(?:[.,]\d+)*(?: (?:million|billion|trillion))?", "MONEY"),
    (r"\d+(?:[.,]\d+)*(?: (?:million|billion|trillion))? (?:dollars|yen|euros|won)", "MONEY"),
    (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))", "ORDINAL"),
    (rf"(?:\d+(?:[.,]\d+)*|{_NUMBER_WORD})(?: (?:million|billion|trillion))?", "CARDINAL"),
)
# A seed trigger lexicon (lower-cased word -> event type), used where the training gold says nothing.
# It holds common news verbs and nouns for the inventory's types, written from the type definitions in
# schema/labels.json, never from evaluation documents (words particular to the seed article, such as
# "colonization", "tightened" or "rulings", are deliberately absent).
SEED_TRIGGERS: dict[str, str] = {
    "meet": "Contact:Meet",
    "meeting": "Contact:Meet",
    "met": "Contact:Meet",
    "summit": "Contact:Meet",
    "talks": "Contact:Meet",
    "attack": "Conflict:Attack",
    "attacked": "Conflict:Attack",
    "killed": "Life:Die",
    "died": "Life:Die",
    "arrested": "Justice:Arrest-Jail",
    "sued": "Justice:Sue",
    "agreed": "Contact:Agree",
    "accord": "Contact:Agree",
    "urged": "Contact:Request",
    "negotiations": "Contact:Negotiate",
    "ruling": "Justice:Rule",
    "annexed": "Conflict:Occupy",
    "banned": "Trade:Restrict",
    "tariffs": "Trade:Restrict",
    "protest": "Conflict:Demonstrate",
    "appointed": "Personnel:Start-Position",
    "resigned": "Personnel:End-Position",
    "elected": "Personnel:Elect",
    "fined": "Justice:Fine",
    "paid": "Transaction:Transfer-Money",
    "sold": "Transaction:Transfer-Ownership",
    "sanctions": "Trade:Restrict",
    "revoked": "Trade:Revoke-Status",
}
REPORTING_VERBS = frozenset(
    "said says say told stated added announced claimed noted warned insisted denied argued stressed "
    "according".split()
)
_PLANNED = frozenset("will would to plans planned scheduled expected".split())
_NEGATED = frozenset("not no never n't".split())
_HYPOTHETICAL = frozenset("if could may might should".split())
_CLAIMER_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_PLACE_TYPES = ("GPE", "LOC", "FAC")
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def _check_labels(values: Sequence[str], allowed: Sequence[str], what: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValueError(f"baseline {what} not in schema/labels.json: {', '.join(unknown)}")


def training_documents(items: Sequence[AnnotatedDocument]) -> list[AnnotatedDocument]:
    return [i for i in items if i.annotation is not None]


def _most_frequent(votes: Counter[str]) -> str:
    """The label with the most votes; ties go to the alphabetically first."""
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _nearest_mention(
    mentions: Sequence[Mention], s0: int, s1: int, types: Sequence[str], offset: int
) -> Mention | None:
    """The mention of one of ``types`` inside ``[s0, s1)`` that starts closest to ``offset`` (then
    leftmost), or ``None``."""
    near = [m for m in mentions if s0 <= m.start and m.end <= s1 and m.type in types]
    return min(near, key=lambda m: (abs(m.start - offset), m.start)) if near else None


class EntityBaseline:
    name = "gazetteer"
    version = BASELINE_VERSION

    def __init__(self, training: Sequence[AnnotatedDocument] = ()) -> None:
        inv = inventory()
        _check_labels([t for _, t in PATTERNS], inv.entity_types, "pattern types")
        self.name_kind = next(k for k in inv.mention_kinds if k in inv.flat_kinds)
        votes: dict[str, Counter[str]] = {}
        for item in training_documents(training):
            for m in item.annotation.mentions:  # type: ignore[union-attr]
                if m.kind == self.name_kind:
                    votes.setdefault(m.text, Counter())[m.type] += 1
        self.gazetteer = {t: _most_frequent(c) for t, c in votes.items()}
        names = sorted(self.gazetteer, key=lambda s: (-len(s), s))
        self._gaz = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else None
        )
        self._patterns = [(re.compile(rf"(?<![\w$€£¥])(?:{p})(?!\w)"), t) for p, t in PATTERNS]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        cands: list[tuple[int, int, int, str]] = []  # (start, end, priority, type)
        if self._gaz is not None:
            cands += [(m.start(), m.end(), 0, self.gazetteer[m.group()]) for m in self._gaz.finditer(text)]
        for rank, (rx, t) in enumerate(self._patterns, 1):
            cands += [(m.start(), m.end(), rank, t) for m in rx.finditer(text) if m.end() > m.start()]
        chosen: list[tuple[int, int, str]] = []
        taken: list[tuple[int, int]] = []
        for s, e, _, t in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
            if text[s:e] != text[s:e].strip():
                continue
            if all(e <= a or s >= b for a, b in taken):
                chosen.append((s, e, t))
                taken.append((s, e))
        return sorted(chosen)

    def mentions(self, document: Document) -> list[Mention]:
        text = document.text
        return [
            Mention(f"m{k}", s, e, text[s:e], t, self.name_kind)
            for k, (s, e, t) in enumerate(self.spans(text), 1)
        ]

    def __call__(self, document: Document) -> Annotation:
        return Annotation(document.id, document.text_sha256, self.name, tuple(self.mentions(document)))


def _sentence_of(tokens: list[Token], bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """Character range of the sentence containing ``offset``."""
    for i, j in bounds:
        if tokens[i].start <= offset < tokens[j - 1].end:
            return tokens[i].start, tokens[j - 1].end
    return offset, offset


class EventBaseline:
    name = "trigger-lexicon"
    version = BASELINE_VERSION

    def __init__(
        self, training: Sequence[AnnotatedDocument] = (), entities: EntityBaseline | None = None
    ) -> None:
        inv = inventory()
        self.inv = inv
        _check_labels(list(SEED_TRIGGERS.values()), list(inv.event_types), "seed trigger types")
        self.entities = entities or EntityBaseline(training)
        votes: dict[str, Counter[str]] = {}
        for item in training_documents(training):
            for e in item.annotation.events:  # type: ignore[union-attr]
                word = e.trigger.text.lower()
                if " " not in word:
                    votes.setdefault(word, Counter())[e.type] += 1
        self.lexicon = dict(SEED_TRIGGERS)
        self.lexicon.update({w: _most_frequent(c) for w, c in votes.items()})
        _check_labels(["actual", "planned", "hypothetical", "negated"], inv.realis, "realis values")

    def _realis(self, tokens: list[Token], k: int) -> str:
        window = {t.text.lower() for t in tokens[max(0, k - 3) : k]}
        if window & _NEGATED:
            return "negated"
        if window & _HYPOTHETICAL:
            return "hypothetical"
        if window & _PLANNED:
            return "planned"
        return "actual"

    def events(self, document: Document, mentions: list[Mention]) -> list[Event]:
        text = document.text
        tokens = tokenize(text)
        bounds = sentences(text, tokens)
        out: list[Event] = []
        for k, tok in enumerate(tokens):
            etype = self.lexicon.get(tok.text.lower())
            if etype is None:
                continue
            s0, s1 = _sentence_of(tokens, bounds, tok.start)
            allowed = self.inv.roles_for(etype)
            args = []
            for role, types in (("Time", ("DATE", "TIME")), ("Place", _PLACE_TYPES)):
                if role not in allowed:
                    continue
                best = _nearest_mention(mentions, s0, s1, types, tok.start)
                if best is not None:
                    args.append(Argument(role, best.id))
            out.append(
                Event(
                    f"e{len(out) + 1}",
                    etype,
                    Span(tok.start, tok.end, tok.text),
                    self._realis(tokens, k),
                    tuple(args),
                )
            )
        return out

    def __call__(self, document: Document) -> Annotation:
        mentions = self.entities.mentions(document)
        return Annotation(
            document.id,
            document.text_sha256,
            self.name,
            tuple(mentions),
            events=tuple(self.events(document, mentions)),
        )


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:"):
        e -= 1
    return s, e


class ClaimBaseline:
    name = "quote-cue"
    version = BASELINE_VERSION

    def __init__(
        self, training: Sequence[AnnotatedDocument] = (), entities: EntityBaseline | None = None
    ) -> None:
        inv = inventory()
        _check_labels(["direct", "indirect"], inv.claim_forms, "claim forms")
        _check_labels(["affirm"], inv.stances, "stances")
        _check_labels(["mention", "unattributed"], inv.claimer_statuses, "claimer statuses")
        self.direct, self.indirect, self.stance = "direct", "indirect", "affirm"
        self.mention_status, self.unattributed = "mention", "unattributed"
        self.entities = entities or EntityBaseline(training)

    def claims(self, document: Document, mentions: list[Mention]) -> list[Claim]:
        text = document.text
        tokens = tokenize(text)
        bounds = sentences(text, tokens)
        out: list[Claim] = []

        def claimer(s0: int, s1: int, near: int) -> tuple[str | None, str]:
            best = _nearest_mention(mentions, s0, s1, _CLAIMER_TYPES, near)
            if best is None:
                return None, self.unattributed
            return best.id, self.mention_status

        for i, j in bounds:
            sent = tokens[i:j]
            s0, s1 = sent[0].start, sent[-1].end
            cues = [t for t in sent if t.text.lower() in REPORTING_VERBS]
            cue = cues[0] if cues else None
            quotes = [m for m in _QUOTE.finditer(text, s0, s1)]
            if quotes:
                for q in quotes:
                    g = 1 if q.group(1) is not None else 2
                    cs, ce = _trim(text, q.start(g), q.end(g))
                    if ce <= cs:
                        continue
                    who, status = claimer(s0, s1, cue.start if cue else cs)
                    out.append(
                        Claim(
                            f"cl{len(out) + 1}",
                            Span(cs, ce, text[cs:ce]),
                            None if cue is None else Span(cue.start, cue.end, cue.text),
                            who,
                            status,
                            self.direct,
                            self.stance,
                        )
                    )
                continue
            if cue is None:
                continue
            if len(sent) - sent.index(cue) - 1 <= 2 or _before_comma(text, s0, cue.start):
                comma = text.rfind(",", s0, cue.start)
                if comma <= s0:
                    continue
                cs, ce = _trim(text, s0, comma)
                who, status = claimer(comma, s1, cue.start)
            else:
                k = sent.index(cue) + 1
                if k < len(sent) and sent[k].text.lower() == "that":
                    k += 1
                if k >= len(sent):
                    continue
                cs, ce = _trim(text, sent[k].start, s1)
                who, status = claimer(s0, cue.start, cue.start)
            if ce <= cs:
                continue
            out.append(
                Claim(
                    f"cl{len(out) + 1}",
                    Span(cs, ce, text[cs:ce]),
                    Span(cue.start, cue.end, cue.text),
                    who,
                    status,
                    self.indirect,
                    self.stance,
                )
            )
        return out

    def __call__(self, document: Document) -> Annotation:
        mentions = self.entities.mentions(document)
        return Annotation(
            document.id,
            document.text_sha256,
            self.name,
            tuple(mentions),
            claims=tuple(self.claims(document, mentions)),
        )


def _before_comma(text: str, s0: int, cue_start: int) -> bool:
    """``CONTENT, the minister said ...``: a comma shortly before the cue, after a long clause."""
    comma = text.rfind(",", s0, cue_start)
    return comma > s0 + 20 and cue_start - comma < 60 and "," not in text[comma + 1 : cue_start]


@dataclass
class Baseline:
    """All three baselines together, sharing one entity pass."""

    training: Sequence[AnnotatedDocument] = ()
    name: str = "baseline"
    version: str = BASELINE_VERSION

    def __post_init__(self) -> None:
        self.entities = EntityBaseline(self.training)
        self.events = EventBaseline(self.training, self.entities)
        self.claims = ClaimBaseline(self.training, self.entities)

    def __call__(self, document: Document) -> Annotation:
        mentions = self.entities.mentions(document)
        return Annotation(
            document.id,
            document.text_sha256,
            self.name,
            tuple(mentions),
            events=tuple(self.events.events(document, mentions)),
            claims=tuple(self.claims.claims(document, mentions)),
        )
