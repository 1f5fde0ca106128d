"""Questions about what a place adds to a higher level's measure.

西安市在省里的充电补贴之外，自己还额外补多少？ asks for 西安市's own rule. A provincial
document that mentions 西安市 in passing, or states the provincial subsidy, does not answer it:
only a document that place issued does. `own_measure_place` finds such a place in a question;
`issued_by` says whether a clause's document is that place's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.index.tokenizer import pos_tags
from rag.text.regions import load_regions
from rag.types import Clause

# The higher level a question measures a place against (省里的补贴, 全省标准, 国家的三十万) ...
_HIGHER = r"省里|全省|省级|省上|省定|省的|国家|全国|中央|市里|全市|市级|上级"
# ... and the words asking what the place adds to it, or how it differs from it.
_ADDED = r"之外|以外|基础上|标准上|额外|再加|又加|加码|另行|另外|[高低多少]一些|更[高低多少]|提到|提高|上浮"
_MEASURED = re.compile(rf"(?:{_HIGHER})[^，,。；;？?！!]{{0,16}}?(?:{_ADDED})")
_PLACE_LEVEL = re.compile(r"(?:市|县|区|州|盟|旗)$")


def own_measure_place(text: str) -> str:
    """The place whose own measure `text` asks beyond a higher level's (长沙市…在省里5000元基础上又加了
    多少 → 长沙市, 广东在国家三十万的基础上 → 广东); '' when it asks no such thing."""
    measured = _MEASURED.search(text)
    if not measured:
        return ""
    before = text[: measured.start()]
    named = [before[start:end] for _, start, end in load_regions().mentions(before)]
    # A county-level place the data file does not list (海宁市) is named as jieba tags it.
    named += [word for word, flag in pos_tags(before) if flag == "ns" and _PLACE_LEVEL.search(word)]
    return named[0] if named else ""


def issued_by(place: str, clauses: Iterable[Clause]) -> bool:
    """Some clause belongs to a document `place` issued (its title or issuer names the place)."""
    names = load_regions().names_of(place) + (_PLACE_LEVEL.sub("", place),)
    return any(
        any(name and name in clause.origin for name in names)
        for clause in clauses
    )
