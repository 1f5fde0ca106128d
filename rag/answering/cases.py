"""Whether a sentence states its value for another case than the one a question asks about.

A document often sets a figure for one case beside others it names: 支持城市公交车、出租车更新为
新能源车辆，新能源城市公交车更新平均每辆车补贴7万元 gives the sum for buses only, and
普惠性民办幼儿园保教费…… says nothing of a 公办 kindergarten's fee. A question about the other
case (出租车一辆能补多少, 公办幼儿园的保教费) is not answered by that sentence.

Three kinds of other case are read: a grade other than the asked one (C类 for D类人才, 一级园 for
二级园), a word set against the asked one in `rag/data/contrasts.tsv`
(公办 / 民办: general knowledge of official language), and a sibling of the asked word in a list of
the clause itself (公交车 of 城市公交车、出租车). The sentence is for another case when it names
such a case, not the asked one, and the question does not name that case too. A list left open
(冰箱、洗衣机等12类家电) may hold the asked case, so a sentence naming a sibling with 等 does not
count as another case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.index.tokenizer import pos_tags
from rag.text.numbers import FIGURE, find_quantities
from rag.text.word_lists import contrasting

_LIST_SEPARATOR = "、"
_ITEM_END = re.compile(r"[，,。；;：:、（）()“”\s]")
_OPEN_LIST = re.compile(r"等|之类|以及其他")
_SEGMENT_BREAK = re.compile(r"[，,；;：:]")
_NOUN_FLAGS = ("n", "vn", "j", "nz")


def value_for_other_case(sentence: str, question: str, clause_text: str) -> bool:
    """Whether `sentence` (of a clause whose text is `clause_text`) states its figure for another
    case than one `question` names: the sentence, or else every segment of it holding a figure
    (新能源城市公交车更新平均每辆车补贴7万元 after 支持城市公交车、出租车更新……), names a
    contrasting case or a listed sibling of a word of the question, not that word, and closes no open list."""
    if _other_grade(sentence, question):
        return True
    cases = _asked_cases(question, clause_text)
    if not cases:
        return False
    if _names_other_case(sentence, question, cases):
        return True
    figures = _figure_pieces(sentence, _SEGMENT_BREAK)
    return bool(figures) and all(_names_other_case(segment, question, cases) for segment in figures)


def _figure_pieces(sentence: str, breaks: re.Pattern[str]) -> list[str]:
    """The pieces of `sentence`, cut at `breaks`, that state a figure."""
    return [piece for piece in breaks.split(sentence) if FIGURE.search(piece) or find_quantities(piece)]


# A grade or class label: a Latin letter or a numeral with 类, 级 or 档 (C类人才, 二级园, 第三档), not a
# level relative to another (上一级, 高一级, 县一级), a question word (哪一类) or part of a larger numeral (十二级).
_GRADE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z])\s*(类|级|档)"
    r"|(?<![上同逐每下哪这那此该某高低升降县市省区乡镇十百零两])第?([一二三四五六七八九十])(类|级|档)(?![别次])"
)
# Grades given as a range or a list (二级及以上, 一至四级, 一、三类): they may hold the asked one.
_GRADE_RANGE = re.compile(
    rf"(?:{_GRADE.pattern})\s*(?:（含）)?(?:及|或)?(?:以上|以下|至|到|—|-|～|~)"
    r"|[一二三四五六七八九十]\s*(?:至|到|—|-|～|~|、)\s*[一二三四五六七八九十]\s*(?:类|级|档)"
)
_FIGURE_BREAK = re.compile(r"[，,。]")  # not ；: the cells of a table row describe one case


def grades(text: str) -> frozenset[tuple[str, str]]:
    """The grade labels `text` names, as (letter or numeral, kind): C类 → ("C", "类")."""
    return frozenset(((match.group(1) or match.group(3)).upper(), match.group(2) or match.group(4)) for match in _GRADE.finditer(text))


def grade_names(text: str) -> list[str]:
    """The grades `text` names as written, with the noun they class when one follows (D类人才, 三级医院)."""
    names = []
    for match in _GRADE.finditer(text):
        rest = pos_tags(text[match.end():match.end() + 8])
        noun = rest[0][0] if rest and rest[0][1].startswith("n") else ""
        names.append(match.group(0) + noun)
    return names


_asked_grades = lru_cache(maxsize=256)(grades)  # a question's grades, read once for all its clauses' sentences


def _other_grade(sentence: str, question: str) -> bool:
    """The question names a grade (D类人才, 二级园) and every piece of `sentence` holding a figure names
    grades of that kind, not it: a figure set for the C类 or the 一级 one is not the asked grade's (持证
    残疾人每月补贴100元，一级残疾人再增加50元 still gives the 二级 one its 100元)."""
    asked = _asked_grades(question)
    if not asked or _GRADE_RANGE.search(sentence):
        return False  # 二级及以上医院 may hold the asked 三级 one
    figures = _figure_pieces(sentence, _FIGURE_BREAK)
    return bool(figures) and all(_names_other_grade(piece, asked) for piece in figures)


def _names_other_grade(text: str, asked: frozenset[tuple[str, str]]) -> bool:
    """`text` names grades of the kind of an asked one, and not that one."""
    named = grades(text)
    return any(any(kind == asked_kind for _, kind in named) and (label, asked_kind) not in named for label, asked_kind in asked)


def _names_other_case(text: str, question: str, cases: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    """`text` names a case set against one of the question's, not that one, in no open list."""
    for word, others in cases:
        if _names(text, word):
            continue
        named = [other for other in others if _names(text, other) and not _names(question, other)]
        if named and not any(_open_after(text, other) for other in named):
            return True
    return False


@lru_cache(maxsize=4096)
def _asked_cases(question: str, clause_text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The cases `question` names, each with the cases set against it: by the contrast list, or as
    siblings of a list in `clause_text` that holds the word."""
    cases = list(_contrasted_cases(question))
    for word in _nouns(question):
        siblings = list_siblings(clause_text, word)
        if siblings:
            cases.append((word, siblings))
    return tuple(cases)


@lru_cache(maxsize=256)
def _contrasted_cases(question: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words of the contrast list `question` names, each with the cases set against it."""
    return tuple((word, others) for word, others in contrasting().items() if _names(question, word))


def list_siblings(text: str, word: str) -> tuple[str, ...]:
    """The items beside `word` in a 、 list of `text` (城市公交车、出租车 → 公交车 for 出租车): the last
    word of the item before it, the first word of the item after it."""
    found: list[str] = []
    for match in re.finditer(re.escape(word), text):
        before, after = text[: match.start()], text[match.end():]
        if before.endswith(_LIST_SEPARATOR):
            item = _ITEM_END.split(before[:-1])[-1]
            words = _nouns(item)
            if words:
                found.append(words[-1])
        if after.startswith(_LIST_SEPARATOR):
            item = _ITEM_END.split(after[1:])[0]
            words = _nouns(item)
            if words:
                found.append(words[0])
    return tuple(dict.fromkeys(other for other in found if other != word and word not in other and other not in word))


def _nouns(text: str) -> tuple[str, ...]:
    """The nouns of two or more characters of `text`, in order (the cases it may name)."""
    return tuple(word for word, flag in pos_tags(text) if len(word) >= 2 and flag.startswith(_NOUN_FLAGS))


def _names(text: str, word: str) -> bool:
    """`text` names `word` as a word of its own, a run of its words or the head of a compound (出口
    in 出口企业, 进口 in 进口设备; not 出口 in 进出口 nor 本地 in 本地区), not only inside its
    negation (居民 is not named by 非居民)."""
    if re.search(rf"(?<!非){re.escape(word)}", text) is None:
        return False
    words = [token for token, _ in pos_tags(text)]
    for start in range(len(words)):
        if start and words[start - 1] == "非":
            continue
        # a compound opening with it names it too (进口设备, 城镇居民), a longer word does not (本地区)
        if words[start].startswith(word) and len(words[start]) - len(word) >= 2:
            return True
        joined = ""
        for token in words[start:]:
            joined += token
            if joined == word:
                return True
            if len(joined) >= len(word):
                break
    return False


def _open_after(sentence: str, word: str) -> bool:
    """`word` is an item of a list left open (冰箱、洗衣机等): the list may hold the asked case too."""
    index = sentence.find(word)
    return index >= 0 and _OPEN_LIST.search(sentence[index: index + len(word) + 12]) is not None
