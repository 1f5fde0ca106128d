"""Colloquial words of a question mapped to the terms government documents use.

People ask 小公司不用交税吗 where a policy writes 小微企业……免征. The mapping is general
knowledge of Chinese government language, kept as data in `rag/data/colloquial_terms.tsv`
(one `口语词<TAB>规范用语|规范用语` line each), never vocabulary of one corpus.

`find_colloquial` returns the colloquial phrases of a text (longest first, no overlaps);
`expand` appends their official terms that the text does not already hold, for searching
and for matching a question's terms against clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TERMS_FILE = Path(__file__).resolve().parent.parent / "data" / "colloquial_terms.tsv"
_LATIN = re.compile(r"[A-Za-z]")
KEEP = "="  # the terms of a phrase kept as it is


@dataclass(frozen=True)
class Colloquial:
    """One colloquial phrase found in a text, with the official terms it stands for."""

    phrase: str
    start: int
    end: int
    terms: tuple[str, ...]


def parse_terms(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """`口语词<TAB>规范用语|…` lines (blank lines and `#` comments skipped) as a mapping. A line
    `词<TAB>=` keeps a phrase as it is, so that a shorter phrase inside it is not read (国家级 is
    no 国家 → 中央): it maps to no terms."""
    mapping: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        phrase, _, targets = line.partition("\t")
        if phrase.strip() and targets.strip() == KEEP:
            mapping[phrase.strip()] = ()
            continue
        terms = tuple(term.strip() for term in targets.split("|") if term.strip() and term.strip() != phrase.strip())
        if not phrase.strip() or not terms:
            raise ValueError(f"colloquial terms line {number}: expected 口语词<TAB>规范用语")
        mapping[phrase.strip()] = terms
    return mapping


@lru_cache(maxsize=4)
def load_terms(path: Path = TERMS_FILE) -> dict[str, tuple[str, ...]]:
    """The colloquial → official mapping of the data file."""
    return parse_terms(path.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=4)
def _pattern(path: Path = TERMS_FILE) -> re.Pattern[str]:
    phrases = sorted(load_terms(path), key=len, reverse=True)
    # A Latin phrase (AI) must not match inside a longer Latin word (mail).
    parts = [rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])" if _LATIN.search(p) else re.escape(p) for p in phrases]
    return re.compile("|".join(parts))


def find_colloquial(text: str, path: Path = TERMS_FILE) -> list[Colloquial]:
    """The colloquial phrases of `text` in reading order, longest match first, not overlapping."""
    terms = load_terms(path)
    return [
        Colloquial(match.group(0), match.start(), match.end(), terms[match.group(0)])
        for match in _pattern(path).finditer(text)
    ]


def official_terms(text: str, path: Path = TERMS_FILE) -> tuple[str, ...]:
    """The official terms for the colloquial phrases of `text` that `text` does not already contain."""
    found: dict[str, None] = {}
    for item in find_colloquial(text, path):
        for term in item.terms:
            if term not in text:
                found.setdefault(term)
    return tuple(found)


def expand(text: str, path: Path = TERMS_FILE) -> str:
    """`text` followed by the official terms of its colloquial phrases (unchanged when there are none)."""
    extra = official_terms(text, path)
    return f"{text} {' '.join(extra)}" if extra else text
