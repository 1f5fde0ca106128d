"""Whether the sides of a comparison say the same thing (……和……的期限一样吗？两边说法一致吗？).

A comparison asking for agreement gets, after its sides, a verdict from the figures their quoted
sentences state: the same figures in every side → 一致 (一样, 相同, as the question words it);
different ones → 不一致. Only sides answered from their own clause count, each must state a
figure, and the figures are compared in base units (7日 against 十五日, 3个月 against 九十天);
anything else gets no verdict. A part that only asks for agreement (两边说法一致吗？, 是一样的吗？)
is answered by that verdict, not as one more round of the sides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.decision import PartDecision
from rag.text.ranges import measures

# 一样吗, 是一样的吗, 一致不, 是否一致, 是不是相同: the agreement word, asked.
_AGREEMENT = re.compile(r"(?:是否|是不是)(一致|一样|相同)|(一致|一样|相同)的?(?:吗|不|与否)")
# What a part that only asks for agreement may say besides its agreement word.
_ONLY_AGREEMENT = re.compile(r"^(?:两边|两者|二者|两份文件|两个文件|它们|这两个?|两处)?(?:的)?(?:说法|规定|提法|标准)?(?:是)?$")
_OPPOSITE = {"一致": "不一致", "一样": "不一样", "相同": "不同"}


def agreement_word(question: str) -> str:
    """The word a question asks agreement with (一致, 一样, 相同), '' when it asks none."""
    match = _AGREEMENT.search(question)
    return (match.group(1) or match.group(2)) if match else ""


def only_agreement(text: str) -> bool:
    """True when a part asks nothing but agreement (两边说法一致吗？, 是一样的吗？)."""
    word = agreement_word(text)
    rest = _AGREEMENT.sub("", re.sub(r"[？?。！!，,\s]", "", text)).replace("的", "")
    return bool(word) and bool(_ONLY_AGREEMENT.match(rest))


def repeated(decisions: Sequence[PartDecision]) -> list[bool]:
    """For each decision, whether an earlier one answers the same side from the same clause."""
    seen: set[tuple[str, str]] = set()
    flags: list[bool] = []
    for decision in decisions:
        first = decision.evidence[0].clause.clause_id if decision.answered and decision.evidence else ""
        key = (decision.part.label, first)
        flags.append(bool(decision.part.label) and bool(first) and key in seen)
        seen.add(key)
    return flags


def agreement_verdict(word: str, sentences: Sequence[str]) -> str:
    """一致 / 不一致 (in the question's word) for two or more sides' quoted sentences, '' when
    a side states no figure or they state figures of different kinds."""
    if not word or len(sentences) < 2:
        return ""
    stated = [{(item.dimension, round(item.value, 6)) for item in measures(sentence)} for sentence in sentences]
    if not all(stated) or len({frozenset(dimension for dimension, _ in side) for side in stated}) != 1:
        return ""
    return word if all(side == stated[0] for side in stated) else _OPPOSITE[word]
