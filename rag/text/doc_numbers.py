"""文号 (document numbers such as 武政办〔2026〕21号): recognition, comparison and spelling.

A 文号 is an issuer abbreviation, a year in brackets, a serial number and 号. Two patterns
read it, on purpose differently:

- `HEAD_DOC_NUMBER`, the 文号 printed in a document's head, taken as written for the
  document's `doc_number` field: the issuer (up to 10 characters) starts after a
  non-word character, so a number quoted inside a sentence or a 《title》 is not taken
  for the document's own; any four-digit year; no 第 before the serial.
- `DOC_NUMBER_MENTION`, a 文号 mentioned anywhere (index tokens, search filters,
  questions), in width-folded text: an issuer of up to 8 Chinese characters whose
  leading verbs (根据, 印发, …) are trimmed afterwards, a 19xx/20xx year, more kinds of
  brackets, an optional 第.

`doc_number_key` is the one comparison of two spellings (〔2026〕第21号 = (2026)021号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.chars import CJK, HAN_BASIC, fold
from rag.text.dates import YEAR_DIGITS

HEAD_DOC_NUMBER = re.compile(
    rf"(?<![《\w])([{HAN_BASIC}]{{1,10}})\s*[〔［\[（(]\s*(\d{{4}})\s*[〕］\]）)]\s*(\d{{1,4}})\s*号"
)
DOC_NUMBER_MENTION = re.compile(
    rf"([{CJK}]{{1,8}})\s*[〔\[(【〖［]\s*({YEAR_DIGITS})\s*[〕\])】〗］]\s*(?:第\s*)?(\d{{1,4}})\s*号"
)
# Words that often stand right before a 文号 but are not part of its issuer.
_LEADS = (
    "根据", "按照", "依据", "参照", "对照", "结合", "落实", "贯彻", "印发", "转发", "关于", "执行",
    "文件", "精神", "通知", "意见", "规定", "办法", "方案", "以及", "和", "及", "与", "见", "即", "的",
)
_BRACKETS_AND_SPACE = re.compile(r"[\s〔〕\[\]［］()（）【】〖〗]")
_OPEN_BRACKETS = "〔［[【(（"
_CLOSE_BRACKETS = "〕］]】)）"
_OFFICIAL_BRACKETS = str.maketrans(
    _OPEN_BRACKETS + _CLOSE_BRACKETS, "〔" * len(_OPEN_BRACKETS) + "〕" * len(_CLOSE_BRACKETS)
)


@dataclass(frozen=True)
class DocNumber:
    """A 文号 mentioned in a text: its parts and where it stands."""

    issuer: str  # leading verbs such as 根据/印发 trimmed
    year: str
    serial: str  # without leading zeros: 021 → 21
    start: int
    end: int

    @property
    def key(self) -> str:
        """The normalized form, 武政办2026-21号: equal for every spelling of one 文号."""
        return f"{self.issuer}{self.year}-{self.serial}号"


def find_doc_numbers(folded: str) -> list[DocNumber]:
    """The 文号 mentioned in `folded` (already width-folded, see rag.text.chars.fold)."""
    return [_doc_number(match) for match in DOC_NUMBER_MENTION.finditer(folded)]


def _doc_number(match: re.Match[str]) -> DocNumber:
    issuer = match.group(1)
    trimmed = True
    while trimmed and len(issuer) > 2:
        trimmed = False
        for lead in _LEADS:
            if issuer.startswith(lead) and len(issuer) - len(lead) >= 2:
                issuer = issuer[len(lead):]
                trimmed = True
                break
    return DocNumber(issuer, match.group(2), str(int(match.group(3))), match.start(), match.end())


ISSUER_CHARS = 4  # an issuer's short form seldom runs longer (国科发区, 泉政办规, 人社部发)
_ISSUER_BREAK = re.compile(r".*[按依据照的和及与在]")  # a word that stands before an issuer, never in it


def without_doc_numbers(text: str) -> str:
    """`text` width-folded with each 文号 it mentions blanked out, the words before it kept
    (养老补贴按丙政发〔2025〕9号是多少 → 养老补贴按 是多少): a reference to a document, not a topic."""
    folded = fold(text)
    kept: list[str] = []
    last = 0
    for match in DOC_NUMBER_MENTION.finditer(folded):
        issuer = match.group(1)[-ISSUER_CHARS:]
        issuer = _ISSUER_BREAK.sub("", issuer) or issuer
        start = match.start(1) + len(match.group(1)) - len(issuer)
        kept += [folded[last:start], " "]
        last = match.end()
    return "".join([*kept, folded[last:]])


def normalize_doc_number(text: str) -> str | None:
    """The normalized form of the first 文号 in `text` (`武政办2026-21号`), or None."""
    match = DOC_NUMBER_MENTION.search(fold(text))
    return _doc_number(match).key if match else None


def doc_number_key(text: str) -> str:
    """What two spellings of one 文号 share (〔2026〕第21号 = (2026)021号); the text without
    spaces and brackets when it holds no 文号. The one comparison for filters and lookups."""
    return normalize_doc_number(text) or _BRACKETS_AND_SPACE.sub("", fold(text))


def printed_doc_number(text: str) -> str | None:
    """The first 文号 printed in `text` (a document's head), whitespace removed, brackets
    as printed: 武政办 〔2026〕 21号 → 武政办〔2026〕21号."""
    match = HEAD_DOC_NUMBER.search(text)
    return re.sub(r"\s+", "", match.group(0)) if match else None


def official_spelling(text: str) -> str:
    """`text` without whitespace and with the brackets of a 文号 as 〔〕 (六角括号), the
    official spelling: 武政办[2023] 85 号 → 武政办〔2023〕85号."""
    return re.sub(r"\s+", "", text).translate(_OFFICIAL_BRACKETS)
