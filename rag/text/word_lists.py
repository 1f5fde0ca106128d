"""Named lists of general question words, kept as data in `rag/data/question_words.tsv`, and
groups of interchangeable official words (`rag/data/interchangeable.tsv`, one group a line) and
of cases that exclude each other (`rag/data/contrasts.tsv`: 公办 / 民办).

Each line is `表名<TAB>词 词 …`; a list may continue over several lines, and `#` lines are
comments. The lists are general knowledge of how Chinese questions are put (比例 names the
kind of a value, 说法 frames what is asked), never vocabulary of one corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "question_words.tsv"
GROUPS_FILE = Path(__file__).resolve().parent.parent / "data" / "interchangeable.tsv"
CONTRASTS_FILE = Path(__file__).resolve().parent.parent / "data" / "contrasts.tsv"


def parse_word_lists(lines: list[str]) -> dict[str, frozenset[str]]:
    """`表名<TAB>词 词 …` lines (blank lines and `#` comments skipped) as named word sets."""
    lists: dict[str, set[str]] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, tab, words = line.partition("\t")
        if not tab or not name.strip() or not words.split():
            raise ValueError(f"question words line {number}: expected 表名<TAB>词 词 …")
        lists.setdefault(name.strip(), set()).update(words.split())
    return {name: frozenset(words) for name, words in lists.items()}


@lru_cache(maxsize=4)
def load_word_lists(path: Path = WORDS_FILE) -> Mapping[str, frozenset[str]]:
    """Every named list of the data file (read-only: it is cached and shared)."""
    return MappingProxyType(parse_word_lists(path.read_text(encoding="utf-8").splitlines()))


def word_list(name: str, path: Path = WORDS_FILE) -> frozenset[str]:
    """The words of list `name`; a KeyError naming the file when it has no such list."""
    lists = load_word_lists(path)
    if name not in lists:
        raise KeyError(f"{path.name} has no word list {name!r}")
    return lists[name]


@lru_cache(maxsize=4)
def interchangeable(path: Path = GROUPS_FILE) -> Mapping[str, tuple[str, ...]]:
    """Each word of `interchangeable.tsv` → the other words of its line (补贴 → 补助, 资助, 奖补)."""
    return word_groups(path)


@lru_cache(maxsize=4)
def contrasting(path: Path = CONTRASTS_FILE) -> Mapping[str, tuple[str, ...]]:
    """Each word of `contrasts.tsv` → the cases its lines set against it (公办 → 民办; 新建 → 既有, 老旧)."""
    return word_groups(path)


def word_groups(path: Path) -> Mapping[str, tuple[str, ...]]:
    """Each word of a file of word groups (one group a line, `#` comments) → the other words of its lines."""
    others: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        words = raw.split()
        if not words or raw.lstrip().startswith("#"):
            continue
        for word in words:
            others.setdefault(word, []).extend(other for other in words if other != word and other not in others[word])
    return MappingProxyType({word: tuple(found) for word, found in others.items()})
