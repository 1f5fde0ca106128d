"""Documents a question names: 《…》 titles and phrases ending in a document word.

`document_refs` finds the phrases (先导区方案, 湖北“十四五”规划, 《工伤保险条例》);
`match_document` picks, among retrieved clauses, one of the document whose title matches
a phrase well enough. Titles come from the corpus, so nothing here knows any document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.terms import grams_of
from rag.text.sentences import normalize
from rag.types import Clause, Hit

MIN_TITLE_MATCH = 0.5  # share of a reference's bigrams a title must hold
# 规定 after 怎么/有什么/的 … is how something is regulated (a verb, or "the provisions on X"),
# not a document's name (…管理规定).
_NOT_A_TITLE = "".join(f"(?<!{word})" for word in ("怎么", "怎样", "如何", "有何", "什么", "哪些", "的"))
_DOC_WORDS = rf"方案|规划|意见|文件|通知|办法|{_NOT_A_TITLE}规定|条例|细则|措施|纲要|决定|解释|法(?![规律定人])"
_REF_SPLIT = re.compile(r"[，,。？?、;；]|和|与|及|从|到|跟|同|还是|对|里|中|相比")
_TITLE = re.compile(r"《([^《》]{2,80})》")


def document_refs(text: str) -> list[str]:
    """Phrases of `text` naming a document: 《titles》, then phrases ending in a document word."""
    refs = [match.group(1).strip() for match in _TITLE.finditer(text)]
    rest = _TITLE.sub(" ", text)
    for piece in _REF_SPLIT.split(rest):
        match = re.search(rf"(.{{1,20}}?(?:{_DOC_WORDS}))", piece)
        if match and len(match.group(1).strip()) >= 3:
            refs.append(match.group(1).strip())
    return list(dict.fromkeys(refs))


def match_document(ref: str, hits: Sequence[Hit]) -> Clause | None:
    """A clause of the document whose title best matches `ref`, if it matches well enough."""
    best: tuple[float, Clause | None] = (0.0, None)
    for hit in hits:
        value = title_match(ref, hit.clause.doc_title or "")
        if value > best[0]:
            best = (value, hit.clause)
    return best[1] if best[0] >= MIN_TITLE_MATCH else None


def title_match(ref: str, title: str) -> float:
    """Share of the reference's bigrams in the title, plus a little for the longest shared stretch."""
    wanted = {gram for gram in grams_of(ref) if len(gram) > 1}
    if not wanted or not title:
        return 0.0
    share = len(wanted & grams_of(title)) / len(wanted)
    return share + 0.1 * longest_shared(normalize(ref), normalize(title)) / max(1, len(normalize(ref)))


def longest_shared(a: str, b: str) -> int:
    """Length of the longest stretch of `a` that also stands in `b`."""
    best = 0
    for start in range(len(a)):
        end = start + best + 1
        while end <= len(a) and a[start:end] in b:
            best = end - start
            end += 1
    return best
