"""The topic terms of a question, weighted by how informative they are in the corpus.

A term is a character bigram (or a Latin or number run) of the question without its
question phrasing. Its weight is its inverse document frequency in the corpus when the
retriever can say it (`TermStatistics`), else over the retrieved clauses. A colloquial
phrase (小公司) forms one group with its official terms (中小企业, 小微企业): the group
counts as present in a text when any of its alternatives is.

`QuestionTerms.share(grams)` is the weighted share of the question present in a text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rag.answering.asking import QUESTION_PHRASING
from rag.index.bm25 import bm25_idf
from rag.text.colloquial import find_colloquial
from rag.text.chars import fold
from rag.text.sentences import CJK, normalize

_RUN = re.compile(rf"[{CJK}]+|[a-z]+[a-z0-9.+\-]*|\d+(?:\.\d+)?")
_PHRASING = re.compile(
    QUESTION_PHRASING + r"算不算|行不行|会不会|用不用|需不需要|吗|呢|吧|啊|呀|了|"
    r"原文|原话|具体|分别|一下|我们|我的|我家|我是|我|你们|他们|听说|知道|想问|请教|方面|这块|那块|有关|相关"
)
_NOISE_CHARS = frozenset("哪吗呢吧啊呀么怎的了是有在我你他她它这那")
# idf: terms → their inverse document frequency (terms unknown to the corpus may be left out).
IdfSource = Callable[[Sequence[str]], dict[str, float]]


@dataclass(frozen=True)
class TermGroup:
    """Alternative ways a piece of the question may appear in a text, and its weight."""

    weight: float
    alternatives: tuple[frozenset[str], ...]

    @property
    def lone_gram(self) -> str | None:
        """The group's one gram when it has one alternative of one gram (its presence is 1 or 0), else None."""
        if len(self.alternatives) == 1 and len(self.alternatives[0]) == 1:
            return next(iter(self.alternatives[0]))
        return None

    def presence(self, grams: frozenset[str]) -> float:
        """The best share of an alternative's grams found in `grams` (0–1)."""
        best = 0.0
        for option in self.alternatives:  # a plain loop: this runs for every sentence of every hit
            if option and not option.isdisjoint(grams):
                best = max(best, len(option & grams) / len(option))
        return best


@dataclass(frozen=True)
class QuestionTerms:
    """The weighted term groups of a question."""

    groups: tuple[TermGroup, ...]

    @cached_property
    def total(self) -> float:
        return sum(group.weight for group in self.groups)

    @cached_property
    def _readings(self) -> tuple[tuple[float, str | None, TermGroup], ...]:
        """Each group with its weight and, when it is one gram with no alternative (most are: a bigram,
        or a Latin or number run), that gram: present or not, it needs no set arithmetic."""
        return tuple((group.weight, group.lone_gram, group) for group in self.groups)

    def share(self, grams: frozenset[str]) -> float:
        """Weighted share of the question present in a text with these grams (0 when no terms)."""
        total = self.total
        if not total:
            return 0.0
        found = 0.0
        for weight, gram, group in self._readings:  # in group order, so the sum is the same to the last bit
            if gram is None:
                found += weight * group.presence(grams)
            elif gram in grams:
                found += weight
        return found / total

    def absent(self, grams: frozenset[str], min_weight: float) -> float:
        """Weight share of informative groups (weight ≥ `min_weight`) wholly absent from `grams`."""
        total = self.total
        if not total:
            return 0.0
        missing = sum(group.weight for group in self.groups if group.weight >= min_weight and not group.presence(grams))
        return missing / total


# A short aside inside a word (出口退（免）税, 劳动（聘用）合同, 乡（镇）人民政府): the word is read without it too.
_INSERTED = re.compile(rf"(?<=[{CJK}])\([^()]{{1,2}}\)(?=[{CJK}])")  # between two Chinese characters


@lru_cache(maxsize=65536)
def grams_of(text: str) -> frozenset[str]:
    """Character bigrams of Chinese runs, Latin and number runs of `text` (normalized), with a short
    aside inside a word left out as well as read (退(免)税 holds 退税)."""
    result: set[str] = set()
    normal = normalize(text)
    aside_free = _INSERTED.sub("", normal)
    for run in _RUN.findall(normal) + (_RUN.findall(aside_free) if aside_free != normal else []):
        if not re.match(f"[{CJK}]", run):
            result.add(run)
        elif len(run) == 1:
            result.add(run)
        else:
            result.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(result)


def topic_grams(text: str) -> frozenset[str]:
    """Bigrams of `text` without question phrasing and noise characters; whitespace separates words."""
    grams: set[str] = set()
    for word in text.split():
        stripped = _PHRASING.sub(" ", fold(word).lower())
        grams.update(gram for piece in stripped.split() for gram in grams_of(piece))
    return frozenset(gram for gram in grams if (len(gram) > 1 and not _NOISE_CHARS.intersection(gram)) or gram.isdigit())


def question_terms(text: str, idf: IdfSource, same: Mapping[str, tuple[str, ...]] | None = None) -> QuestionTerms:
    """The term groups of `text`: one per colloquial phrase (with its official terms), one per word of
    `same` (with the words it may be replaced by: 补贴 → 补助), one per other bigram."""
    groups: list[TermGroup] = []
    rest = fold(text).lower()
    # A phrase kept as it is (经过户 of 经过户主) is read as the question's own words, bigrams across its edges included.
    colloquial = [(item.phrase, item.terms) for item in find_colloquial(rest) if item.terms]
    for phrase, _ in colloquial:
        rest = rest.replace(phrase, " ")
    for word, others in (same or {}).items():
        if word in rest:
            colloquial.append((word, others))
            rest = rest.replace(word, " ")
    own = topic_grams(rest)
    alternatives = [(topic_grams(phrase), [topic_grams(term) for term in terms]) for phrase, terms in colloquial]
    every = sorted(own | {gram for phrase, terms in alternatives for gram in phrase.union(*terms)})
    weights = idf(every)
    ceiling = max(weights.values(), default=1.0)

    def weigh(gram: str) -> float:
        return weights.get(gram, ceiling)

    for gram in sorted(own):
        groups.append(TermGroup(weigh(gram), (frozenset({gram}),)))
    for phrase, terms in alternatives:
        options = tuple(option for option in (phrase, *terms) if option)
        if options:
            weight = sum(weigh(gram) for gram in phrase) / max(1, len(phrase)) if phrase else 1.0
            groups.append(TermGroup(weight, options))
    return QuestionTerms(tuple(groups))


def word_terms(words: Sequence[str], idf: IdfSource) -> QuestionTerms:
    """One group per word (a noun of the question): present where all its bigrams are, or those of
    one of its official terms (小公司 → 中小企业); weighted by its rarest bigram."""
    groups: list[TermGroup] = []
    folded = [fold(word).lower() for word in words]
    grams = {word: topic_grams(word) or grams_of(word) for word in folded}
    weights = idf(sorted(frozenset().union(*grams.values()))) if grams else {}
    ceiling = max(weights.values(), default=1.0)
    for word in dict.fromkeys(folded):
        options = _word_options(word, grams[word])
        if options:
            groups.append(TermGroup(max(weights.get(gram, ceiling) for gram in grams[word] or options[0]), options))
    return QuestionTerms(tuple(groups))


def word_options(word: str) -> tuple[frozenset[str], ...]:
    """The gram sets `word` may appear as in a text: its own, or one of its official terms (APP →
    客户端), as `word_terms` groups them; empty when it has no grams."""
    folded = fold(word).lower()
    return _word_options(folded, topic_grams(folded) or grams_of(folded))


def _word_options(word: str, own: frozenset[str]) -> tuple[frozenset[str], ...]:
    official = [grams_of(term) for item in find_colloquial(word) for term in item.terms]
    return tuple(option for option in (own, *official) if option)


def local_idf(texts: Iterable[str]) -> IdfSource:
    """An IDF over `texts` (e.g. the retrieved clauses), for retrievers without corpus statistics."""
    documents = [grams_of(text) for text in texts]
    n = max(1, len(documents))

    def idf(terms: Sequence[str]) -> dict[str, float]:
        return {term: bm25_idf(n, sum(1 for grams in documents if term in grams)) for term in terms}


    return idf


