"""Whether a sentence names the asked thing only as the base another value is reckoned from.

A document often sets a sum against a figure it does not give: 按照当地最低工资标准的70%给予
见习补贴, 租金按照市场租金的30%收取, 借款人承担LPR减150个基点, 不得低于本市最低工资标准.
Such a sentence states the 见习补贴 (as a share), not the 最低工资标准 itself; a question asking
how much the base is (最低工资一个月是多少钱, 市场租金是多少) is not answered by it.

A base is a phrase right before 的70% / 的2倍 / 的三分之二 / 基础上提高 / 减150个基点, or right after
a comparison with no figure following (不低于本市最低工资标准). The asked thing is the noun heading
the question's phrase before its question word, taken as far left as the sentence shares it
(租金 → 市场租金). The sentence names it only as a base when every place naming it is a base.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rag.answering.asking import asked_head
from rag.index.tokenizer import pos_tags
from rag.text.numbers import ARABIC, CN_DIGITS, FIGURE, find_quantities
from rag.text.sentences import normalize
from rag.text.word_lists import word_list

_SHARE = rf"(?:{ARABIC}\s*(?:%|％|倍|折)|{ARABIC}\s*/\s*{ARABIC}|[{CN_DIGITS}两]+[倍折]|百分之|[{CN_DIGITS}]+分之|[{CN_DIGITS}]成)"
# What follows a base: a share of it, a rise on it, a margin off it (标准 may close its name).
_RECKONED_FROM = re.compile(
    rf"(?:标准)?(?:的?\s*{_SHARE}"
    rf"|的?基础上[^，,。；;]{{0,4}}?(?:提高|增加|上浮|下浮|降低|减少|上调|下调)"
    rf"|\s*(?:减|加|上浮|下浮)\s*{ARABIC}\s*(?:个?(?:基点|百分点)|%|％))"
)
# A comparison right before a base, with at most a place or time word between (不得低于本县最低工资标准,
# 不超过本市上年度……; not 超过八十岁的老人……), and no figure after it: a floor or ceiling named, not given.
_COMPARED_BEFORE = re.compile(r"(?:低于|高于|超过|少于|多于)[^的，,。；;\d]{0,8}$")
_NAME_CLOSED = re.compile(r"(?:标准)?(?:[，,。；;）)]|$)")
_SEGMENT_END = re.compile(r"[，,；;。]")
_NOT_NAME = frozenset("不是为的有要能会按每一到在")  # characters after a name that begin what is said of it
_QUESTION_WORD = re.compile(r"多少|几")
# A share of the base asked (见习补贴是最低工资的百分之几, 占最低工资多少, 按最低工资多少算), not the base's own amount.
_ASKS_SHARE = re.compile(
    r"[几多少]倍|几成|几折|百分之[几多]|比例|百分比|占(?![地用有领])|相当于|按[\u4e00-\u9fffA-Za-z]{2,}?(?:的)?(?:多少|几)[^，,。？?]{0,3}算"
)
_NOUN_BEFORE = ("n", "vn", "ng", "nz")  # a noun the name would be the tail of (市场 of 市场租金); not 山东 (ns)
# Words jieba tags as nouns that place or date a base rather than name a longer one (现行报废补贴标准, 本市上年度……).
_DETERMINERS = word_list("base_determiners")
# A raise that gives its result (在现行最低工资标准基础上提高10%，调整后为每月2310元): the new amount is stated.
_RESULT = re.compile(rf"(?:(?:调整|提高|上调)后(?:为|达到)?|调整为|提高到|上调[至到]|调整到)\s*(?:每[月年人日天])?\s*{ARABIC}")


def names_base_only(sentence: str, question: str) -> bool:
    """`sentence` names what `question` asks the amount of only as the base of another value (see
    the module): every place naming it is followed by a share of it or a margin off it, or closes a
    comparison. False when the sentence does not name it."""
    return bool(_base_in(sentence, question))


def _base_in(sentence: str, question: str) -> str:
    """The asked thing (`_asked_thing`) when `sentence` names it only as a base; '' otherwise."""
    text = normalize(sentence)
    asked = _asked_thing(question, text)
    if not asked:
        return ""
    bare = len(asked) <= 2 and not asked.isascii()  # 租金, 工资: a bare head may be the tail of another name
    places = [match.span() for match in re.finditer(re.escape(asked), text) if not bare or _starts_name(text, match.start())]
    return asked if places and all(_is_base(text, first, last) for first, last in places) else ""


def _starts_name(text: str, first: int) -> bool:
    """The name found at `first` begins a word of `text` that no noun before it extends: 租金 is not named
    by 市场租金, nor 工资 by 最低工资标准."""
    start = 0
    previous = ("", "")
    for word, flag in pos_tags(text):
        if start == first:
            return not previous[1].startswith(_NOUN_BEFORE) or previous[1] in ("ns", "nr", "nt") or previous[0] in _DETERMINERS
        if start > first:
            return False
        start += len(word)
        previous = (word, flag)
    return False


def base_named(question: str, sentences: Sequence[str]) -> str:
    """The asked thing as the first of `sentences` naming it only as a base writes it (最低工资 →
    最低工资标准 where 标准 follows it), for a refusal to say whose amount is missing; '' if none does."""
    for sentence in sentences:
        asked = _base_in(sentence, question)
        if asked:
            named = asked + "标准" if f"{asked}标准" in normalize(sentence) else asked
            written = re.search(re.escape(named), sentence, re.IGNORECASE)  # LPR as written, not lpr
            return written.group(0) if written else named
    return ""


def _is_base(text: str, first: int, last: int) -> bool:
    """The name at text[first:last] is a base: a share of it or a margin off it follows (and no result
    of the base itself: 调整后为每月2310元), or it closes a comparison that no figure follows in its segment."""
    after = text[last:]
    if _RECKONED_FROM.match(after):
        return not _RESULT.search(after)
    segment = _SEGMENT_END.split(after[1:], maxsplit=1)[0] if after else ""
    return bool(_COMPARED_BEFORE.search(text[:first]) and _NAME_CLOSED.match(after)) and not (
        FIGURE.search(segment) or find_quantities(segment)
    )


@lru_cache(maxsize=4096)
def _asked_head_before(question: str) -> tuple[str, str]:
    """(the question's phrase before its first 多少 or 几, the asked noun heading it); ('', '') without one."""
    text = normalize(question)
    match = _QUESTION_WORD.search(text)
    if not match:
        return "", ""
    before = re.split(r"[，,。；;？?！!]", text[: match.start()])[-1]
    if _ASKS_SHARE.search(text) or before.endswith(("的", "百分之")):
        return "", ""  # 见习补贴是最低工资的百分之几: the base is named, a share of it asked
    heads = [word for word in asked_head(before + "多少") if word in before]
    return (before, heads[-1]) if heads else ("", "")


def _asked_thing(question: str, text: str) -> str:
    """The asked noun extended through the question's phrase, leftwards and rightwards, as far as the
    normalized sentence `text` holds it (租金 → 市场租金); '' when the sentence does not name it."""
    before, head = _asked_head_before(question)
    end = before.rfind(head) + len(head) if head else -1
    if end < 0 or head not in text:
        return ""
    start = end - len(head)
    while start > 0 and before[start - 1 : end] in text:
        start -= 1
    while end < len(before) and before[end] not in _NOT_NAME and before[start : end + 1] in text:  # 可支配 → 可支配收入
        end += 1
    return before[start:end]
