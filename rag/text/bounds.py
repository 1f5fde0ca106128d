"""Which end of a value a question asks for, and which ends a sentence states.

最高能贷多少 asks for the upper end of a value, 最少得交几年 for the lower one. A sentence
stating only the other end (缴存比例不得低于5% for 最高能交到百分之几) does not answer it:
the documents give a floor, the asker wants a ceiling.
"""

from __future__ import annotations

import re

from rag.text.bound_words import Side, alternation, bound_words

End = Side

# 最高/最低 asking: a modal, a verb of paying or getting, or the question word right after it
# (最高能交到, 最少得是, 最多多少), not an attribute of a noun (最低工资标准是多少).
# The superlatives of `rag.text.bound_words`, and 顶多, which askers say and documents do not.
_ASKED_END: dict[str, End] = {word.word: word.side for word in bound_words(forms=("superlative",))} | {"顶多": "upper"}
_ASKED = re.compile(
    rf"({'|'.join(_ASKED_END)})"
    r"(?=能|可以|可|得|要|需|会|是|为|也|就|只|才|给|补|贴|交|缴|领|收|拿|贷|赔|罚|扣|休|请|开|报|减|免|多少|几|多[久长大高快远])"
)
# A sentence setting a ceiling or a floor (the limits of `rag.text.bound_words`, not its conditions:
# 超过90日的 names a case). 最高人民法院 is a court; 最低工资 a wage: 最低 and 最少 count only before
# a figure or a verb of setting it (最低为, 最少按, 最低不). 以上 and 以下 often mark a condition
# (10人以上的企业) rather than the value; counting them only makes a sentence look like it sets
# both ends, which keeps it.
_UPPER = re.compile(alternation(bound_words(sides=("upper",), limit=True)))
_LOWER = re.compile(alternation(bound_words(sides=("lower",), limit=True)))


def asked_end(question: str) -> End | None:
    """The end of a value `question` asks for; None when it asks for none, or for both (最高最低各多少)."""
    ends = {_ASKED_END[match.group(1)] for match in _ASKED.finditer(question)}
    return ends.pop() if len(ends) == 1 else None


def other_end_only(sentence: str, end: End) -> bool:
    """`sentence` sets the end opposite to `end` and not `end` itself (不低于 for a ceiling asked)."""
    upper, lower = bool(_UPPER.search(sentence)), bool(_LOWER.search(sentence))
    return lower and not upper if end == "upper" else upper and not lower
