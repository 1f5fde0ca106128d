"""Documents a question names: 《titles》 and phrases ending in a document word.

`document_refs` finds the phrases (某市实施方案, 省“十四五”规划, 《工伤保险条例》, 那份减税的文件);
`matching_documents` picks, among retrieved clauses, those of the documents whose titles
(with 文号 and year) match a phrase well enough, and `names_several` tells a phrase naming
several documents (两份方案). Titles come from the corpus, so nothing here knows any document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rag.answering.terms import QuestionTerms, grams_of, question_terms
from rag.index.tokenizer import pos_tags
from rag.text.numbers import chinese_number
from rag.text.regions import Region, load_regions
from rag.text.sentences import longest_shared, normalize
from rag.types import Clause, Hit

# Share of a reference's words a title must hold. Dev sets (bench/eval_sets.py) with 0.4 / 0.5 /
# 0.6 / 0.7: users_other precision 0.849 / 0.857 / 0.857 / 0.825, gold 0.879 / 0.879 / 0.879 / 0.870.
MIN_TITLE_MATCH = 0.5
MAX_NAMED = 4  # documents a name of several (几份文件, 各方案) stands for at most
# 规定 after 怎么/有什么/的 … is how something is regulated (a verb, or "the provisions on X"),
# not a document's name (…管理规定).
_NOT_A_TITLE = "".join(f"(?<!{word})" for word in ("怎么", "怎样", "如何", "有何", "什么", "哪些", "的"))
# 说法, 做法, 提法, 合法, 依法, 算法, 司法 … are no laws (公司法 and 预算法 are).
_NOT_A_LAW = "".join(f"(?<!{char})" for char in "说做想看用合违依非书语执方手提") + "(?<!(?<!公)司)(?<!(?<!预)算)"
# 解释 names a document (司法解释, 关于……的解释), not the act of explaining one (由……负责解释, 作出解释).
_NOT_EXPLAINING = "".join(f"(?<!{word})" for word in ("负责", "作出", "做出", "予以", "进行", "怎么", "如何", "给予"))
_TYPE_WORDS = rf"方案|规划|意见|文件|通知|办法|{_NOT_A_TITLE}规定|条例|细则|措施|纲要|决定|{_NOT_EXPLAINING}解释"
_DOC_WORDS = rf"{_TYPE_WORDS}|{_NOT_A_LAW}法(?![规律定人])"
_DOC_WORD = re.compile(_DOC_WORDS)
_REF_SPLIT = re.compile(r"[，,。？?、;；：:]")  # 搞环保的想问：甲市的方案 names 甲市的方案
# Words joining or placing references (某市方案和某省意见, 条例里); as whole words only, so that
# 劳动合同法 and 中华人民共和国 stay whole, and not in a title's 关于在……
_JOINING = frozenset("和 与 及 以及 或 或者 从 到 跟 同 还是 对 在 里 中 相比 对比".split())
_TITLE = re.compile(r"《([^《》]{2,80})》")
# 两份文件, 三个方案, 各方案, 这些文件 — not 四部门印发的通知 or 这些措施 (the measures of one document).
_SEVERAL = re.compile(
    rf"(?:(?P<count>[两二三四五几多])[份个篇部](?!门)|各(?![部项级类地种单区市]))(?=[^，,。？?的]{{0,8}}?(?:{_TYPE_WORDS}|法))"
    rf"|[这那]些(?=[^，,。？?的]{{0,8}}?(?:文件|方案|规划|意见|通知|办法|条例|细则))"
)
# Pointing words are no part of a title: 这份/那个/这一 anywhere, 这/该/本 at the start of a document word
# (本通知, 这一次的方案; not 本溪市), a 给 after
# them (那份给小微企业……), and the generic 文件 at the end.
_REPORT_WORDS = "报道|文章"  # a paper that is no policy document: a news report, an article
POINTING = re.compile(rf"[这那此该]一?[份个项篇部条号]给?|本[份篇]|^[这那此该本]一?(?:次的?)?(?={_TYPE_WORDS}|{_REPORT_WORDS})|文件$")


_PAPER = re.compile(rf"(?:{_TYPE_WORDS}|{_REPORT_WORDS}|新闻|讲话|解读)$")
_TYPE_AT_START = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:{_TYPE_WORDS})")


def names_paper(text: str) -> bool:
    """`text` ends in a word for a paper: a document's type, or a report or article (那篇报道, 省里的方案)."""
    return bool(_PAPER.search(text.strip()))


def document_type_at(text: str) -> str:
    """The document type word `text` begins with, with up to four characters qualifying it (实施意见对试错
    → 实施意见), when no noun runs on after it (规划目标 is a target, not a plan); '' otherwise."""
    text = text.strip()
    found = _TYPE_AT_START.match(text)
    if not found or text[found.end() : found.end() + 1] not in _AFTER_PAPER:
        return ""
    return found.group(0)


_AFTER_PAPER = frozenset({"", *"对在里中上有是说提怎讲关如分各和与的都又也还"})


def document_refs(text: str) -> list[str]:
    """Phrases of `text` naming a document: 《titles》, then phrases ending in a document word."""
    return list(_document_refs(text))


@lru_cache(maxsize=1024)
def _document_refs(text: str) -> tuple[str, ...]:
    """`document_refs`, once per text: an answer asks for the question's several times (its
    parts, its searches, the documents it names)."""
    refs = [match.group(1).strip() for match in _TITLE.finditer(text)]
    rest = _TITLE.sub(" ", text)
    for chunk in _REF_SPLIT.split(rest):
        if not _DOC_WORD.search(chunk):
            continue  # no document word, no reference: its words need no tagging
        plain: list[str] = []  # the segments before a reference that name no document word
        for piece in _segments(chunk):
            match = re.search(rf"(.{{1,20}}?(?:{_DOC_WORDS}))", _made(piece))
            if not match or len(match.group(1).strip()) < 3:
                plain.append(piece.strip())
                continue
            refs += _several_named(match.group(1).strip(), plain)
            plain = []
    return tuple(dict.fromkeys(refs))


# A verb of making a document before its type word (出台实施细则, 制定办法): a document to be made,
# none named. 印发 and 发布 are left alone, titles hold them (关于印发……的通知), as is a verb
# inside a title (关于修订……办法的通知, with its 的).
_MAKING = re.compile(r"出台|制定|起草|编制|修订|完善")


def _made(piece: str) -> str:
    """`piece` up to a verb making a document whose type word follows it (要出台实施细则 → 要)."""
    made = _MAKING.split(piece)
    return made[0] if len(made) > 1 and "的" not in made[-1] else piece


def _several_named(ref: str, before: list[str]) -> list[str]:
    """`ref`, or, when it names several documents after plain names joined to it (甲和乙这两份文件),
    those names: 甲, 乙."""
    several = _SEVERAL.search(ref)
    count = named_count(ref)
    if several is None or count < 2 or not before:
        return [_LEAD_IN.sub("", ref) or ref]  # 我想问一下甲市的方案 names 甲市的方案
    own = ref[: several.start()].rstrip("这那此 ")
    names = [_LEAD_IN.sub("", name).rstrip("的 ") for name in [*before[-(count - 1 if own else count):], own]]
    names = [name for name in names if len(name) >= 2 and _names_something(name)]
    return names if len(names) >= 2 else [ref]


_LEAD_IN = re.compile(r"^(?:我想了解一下|我想问一下|想了解一下|想问一下|我想了解|我想问|请教一下|问一下|了解一下|请问)")  # longest first


def _names_something(name: str) -> bool:
    """A name holds a noun (养老补贴, 甲市), not only verbs (看看, 比较)."""
    return any(flag.startswith(("n", "j")) for _, flag in pos_tags(name))


def _segments(text: str) -> list[str]:
    """`text` cut at its joining words."""
    segments: list[str] = []
    current, previous = "", ""
    for word, _ in pos_tags(text):
        if word in _JOINING and previous != "关于":
            segments.append(current)
            current = ""
        else:
            current += word
        previous = word
    return [*segments, current]


def match_document(ref: str, hits: Sequence[Hit]) -> Clause | None:
    """A clause of the document whose title best matches `ref`, if it matches well enough."""
    matches = matching_documents(ref, hits)
    return matches[0] if matches else None


def matching_documents(ref: str, hits: Sequence[Hit]) -> list[Clause]:
    """A clause of each document whose title matches `ref` well enough, best match first."""
    best: dict[str, tuple[float, Clause]] = {}
    for hit in hits:
        value = title_match(ref, _named_by(hit.clause))
        if value >= MIN_TITLE_MATCH and value > best.get(hit.clause.file, (0.0,))[0]:
            best[hit.clause.file] = (value, hit.clause)
    return [clause for _, clause in sorted(best.values(), key=lambda item: -item[0])]


def _named_by(clause: Clause) -> str:
    """What a reference may name a document by: its title (an untitled one's file name), 文号 and year (2026年方案)."""
    year = (clause.date or "")[:4]
    return " ".join(text for text in (clause.document_name, clause.doc_number, year) if text)


def title_match(ref: str, title: str) -> float:
    """Share of the reference's words in the title (a colloquial word counts by its official
    terms: 大学生 → 高校毕业生), plus a little for the longest shared stretch; 0 when the
    reference names a region the title does not hold (甲省那份方案 is not 乙市's)."""
    wanted = reference_terms(ref)
    if not wanted.groups or not title or _other_region(ref, title):
        return 0.0
    share = wanted.share(grams_of(title))
    return share + 0.1 * longest_shared(normalize(ref), normalize(title)) / max(1, len(normalize(ref)))


@lru_cache(maxsize=1024)
def reference_terms(ref: str) -> QuestionTerms:
    """The words of a reference that may stand in a title, each of equal weight: pointing words
    (这份, 那个) and the generic 文件 are not part of any title. No terms when nothing but a
    document word is left (这个办法, 那个通知 could be any document)."""
    words = POINTING.sub(" ", _SEVERAL.sub(" ", ref))
    if not re.sub(rf"\s|{_DOC_WORDS}", "", words):
        return QuestionTerms(())
    return question_terms(words, lambda terms: dict.fromkeys(terms, 1.0))


def named_count(ref: str) -> int:
    """How many documents `ref` names: 1, or the count of 两份方案 (up to `MAX_NAMED` for 各方案, 这些文件)."""
    match = _SEVERAL.search(ref)
    if match is None:
        return 1
    return min(MAX_NAMED, chinese_number(match.group("count") or "") or MAX_NAMED)  # 几份, 各: MAX_NAMED


def names_several(ref: str) -> bool:
    """Whether `ref` names several documents (两份方案, 这些文件)."""
    return named_count(ref) > 1


def _other_region(ref: str, title: str) -> bool:
    """Whether `ref` names a region and `title` names regions, none of them that one, inside it
    or holding it (a city's document answers for its province and the other way round)."""
    named, in_title = _regions(ref), _regions(title)
    return bool(named) and bool(in_title) and not any(_related(a, b) for a in named for b in in_title)


def _related(a: Region, b: Region) -> bool:
    return a == b or a.province == b.name or b.province == a.name


@lru_cache(maxsize=4096)
def _regions(text: str) -> frozenset[Region]:
    return frozenset(region for region, _, _ in load_regions().mentions(text))
