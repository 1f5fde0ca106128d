"""The words that bound a value (不超过, 最高, 上限, 以上 …): one vocabulary, read three ways.

- `rag.text.ranges` reads the word right before a figure (不得超过3年: at most 3 years) or right
  after it (60周岁以上), conditions included (超过3年的: more than 3 years);
- `rag.text.bounds` reads the limits a sentence sets (缴存比例不得低于5%: a floor), not the
  conditions it names (超过90日的);
- `rag.answering.asking` reads an amount bounded by another one (不得超过……培训费用).

Each word says which end it bounds, whether the figure itself is excluded (超过3年 is more than
3), whether it sets a limit or names a condition, and where it stands. Keeping them in one table
keeps the three readings from drifting apart: 不得超过 is read as a ceiling by all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Side = Literal["upper", "lower"]
# comparative: before a figure or what it is compared with (不超过3年, 不得超过培训费用);
# superlative: 最高/至少, before a figure or a verb of setting it; noun: names a limit (上限, 封顶);
# after: follows the figure (60周岁以上).
Form = Literal["comparative", "superlative", "noun", "after"]


@dataclass(frozen=True)
class BoundWord:
    """One word bounding a value."""

    word: str
    side: Side
    form: Form
    limit: bool  # it sets a limit (不得超过), rather than naming a condition (超过, 不足, 满)
    exclusive: bool = False  # the figure itself is outside the bound (超过3年, 不足1年)
    pattern: str = ""  # how it is matched when not as written (最高, not 最高人民法院)

    @property
    def regex(self) -> str:
        return self.pattern or re.escape(self.word)


def _words(side: Side, form: Form, limit: bool, words: str, exclusive: bool = False) -> list[BoundWord]:
    return [BoundWord(word, side, form, limit, exclusive) for word in words.split()]


_FIGURE_FOLLOWS = "(?=[为是按不0-9０-９一二三四五六七八九十两百千万])"  # 最低为, 最少按, 最低3年; not 最低工资

BOUND_WORDS: tuple[BoundWord, ...] = (
    *_words("upper", "comparative", True, "不超过 不得超过 不应超过 不超出 不高于 不得高于 不大于 不得大于"),
    *_words("lower", "comparative", True, "不低于 不得低于 不应低于 不少于 不得少于 不应少于 不小于 不得小于"),
    *_words("lower", "comparative", False, "满 已满 年满"),
    *_words("lower", "comparative", False, "超过 高于 多于 大于", exclusive=True),
    *_words("upper", "comparative", False, "不满 未满 不足 低于 少于 小于", exclusive=True),
    BoundWord("最高", "upper", "superlative", True, pattern="最高(?!人民)"),
    *_words("upper", "superlative", True, "最多 至多 最长"),
    *_words("lower", "superlative", True, "至少 起码 最短"),
    BoundWord("最低", "lower", "superlative", True, pattern=f"最低{_FIGURE_FOLLOWS}"),
    BoundWord("最少", "lower", "superlative", True, pattern=f"最少{_FIGURE_FOLLOWS}"),
    *_words("upper", "noun", True, "上限 上下限 封顶 为限"),
    *_words("lower", "noun", True, "下限"),
    *_words("upper", "after", True, "以下 以内 之内"),
    *_words("lower", "after", True, "以上"),
)


def alternation(words: list[BoundWord], written: bool = False) -> str:
    """A regex alternation of `words`, longest first, so that 不低于 is not read as 低于; `written`:
    each word as written, without its pattern's context (a word read right before a figure)."""
    ordered = sorted(words, key=lambda item: -len(item.word))
    return "|".join(re.escape(word.word) if written else word.regex for word in ordered)


def bound_words(*, sides: tuple[Side, ...] = ("upper", "lower"), forms: tuple[Form, ...] = (), limit: bool | None = None) -> list[BoundWord]:
    """The words of the given sides and forms (any form when none is given), limits only or conditions only."""
    return [
        word for word in BOUND_WORDS
        if word.side in sides and (not forms or word.form in forms) and (limit is None or word.limit == limit)
    ]
