"""Which row of a table the asker's own case names.

Rows of one table differ in their key, the first cell that is not a row number (品类：家电产品
（1级能效）/（2级能效）, 学段：小学 / 暑期托管, 购房人类别：一般购房人 / 二孩家庭); the rest is
alike. Among rows of one table near the top, the row is the asker's when its key is the only one
whose own words (those no other key has) the question holds: 一级能效的空调 names the 1级
row, 算普通购房人 the 一般购房人 row. A level is compared with its unit (1级 with 1级, never a
bare 1 with the 1 of 1台), and one written in Chinese numerals on either side is read in digits
(一级, 二类区域 → 1级, 2类区域), unless 一 belongs to a word (同一类, 统一档).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.cases import grades
from rag.answering.terms import grams_of
from rag.corpus.tables import content_fields
from rag.types import Clause

_LEVEL_WORD = re.compile(r"(?<![同统每这那单唯])([一二三四五六七八九])(?=[级类档星])")
_LEVEL = re.compile(r"\d+[级类档星]")
_ROW_NUMBER = re.compile(r"^[（(]?[0-9一二三四五六七八九十]+[)）.．、]?$")  # 3, （三）, 三、
_DIGITS = {numeral: str(value) for value, numeral in enumerate("一二三四五六七八九", start=1)}


def table_of(clause: Clause) -> str:
    """The table a row belongs to: its clause id without the row's own last part (…t1.r3, …t1.r3_2 for
    a repeated 序号: …t1); '' for other clauses."""
    return clause.clause_id.rpartition(".")[0] if clause.kind == "row" else ""


def row_key(row: Clause) -> str:
    """The key of a row: its first cell that is not a row number; '' when it has none."""
    return next((cell for _, cell in content_fields(row.text) if not _ROW_NUMBER.match(cell)), "")


def asked_row(question: str, rows: Sequence[Clause]) -> int | None:
    """The index of the first row of `rows` (rows of one table) with the one key whose own words
    (`_own_words`) the question holds, or None when no key or more than one key is named. Words of the
    table's headings and title name its topic, not a row (保险 of 农业保险保费补贴比例); of rows sharing the
    key, the one of a grade the question names is taken."""
    if len(rows) < 2:
        return None
    texts = [row_key(row) for row in rows]
    keys = [_key_words(text) for text in texts]
    heading = " ".join([*rows[0].section, rows[0].doc_title or ""])
    # The heading's words name the table's topic (保险 of 农业保险保费补贴比例), unless a key is written there whole.
    topic = _key_words(heading).difference(*(key for key, text in zip(keys, texts) if _written_in(text, heading)))
    asked = _key_words(question) - topic
    named = [index for index, key in enumerate(keys) if _own_words(key, [other for other in keys if other != key]) & asked]
    if not named or len({keys[index] for index in named}) > 1:
        return None
    # Rows sharing a key (高层次人才 for its A类, B类 and C类 rows) are one case: the row of a grade the question
    # names stands for it, else the first.
    wanted = grades(question)
    return next((index for index in named if wanted & grades(rows[index].text)), named[0])


def _written_in(key: str, heading: str) -> bool:
    """The key, without a bracketed note (新市民（含进城务工人员）), is written whole in `heading`."""
    name = _NOTE.sub("", key).strip()
    return bool(name) and name in heading


_NOTE = re.compile(r"[（(][^）)]*[）)]")


def _own_words(key: frozenset[str], others: Sequence[frozenset[str]]) -> frozenset[str]:
    """The words of a row's key that no other row's key has (1级 of 家电产品（1级能效）)."""
    return key.difference(*others)


def _key_words(text: str) -> frozenset[str]:
    """The bigrams of `text` and its levels with their units, levels read in digits."""
    text = _LEVEL_WORD.sub(lambda match: _DIGITS[match.group(1)], text)
    return frozenset(gram for gram in grams_of(text) if len(gram) > 1 and not gram.isdigit()) | frozenset(_LEVEL.findall(text))
