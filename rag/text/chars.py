"""Character classes of Chinese text, and the width folding every comparison starts from.

The classes are strings to put inside a regex character class (`f"[{CJK}]+"`). They
differ on purpose and are kept apart so that no caller's behaviour changes:

- `CJK`: the CJK unified ideographs (basic block, extension A) and the compatibility
  ideographs: what counts as a Chinese character for tokens, sentences and questions.
- `HAN_BASIC`: U+4E00..U+9FA5, the ideographs of the original Unicode 1.1 block, used by
  the older patterns for issuer names and place names (narrower than `CJK`).
- `HAN_BLOCK`: the whole basic block U+4E00..U+9FFF, without extension A.
- `EAST_ASIAN_WIDE`: ideographs plus CJK radicals, kana, CJK punctuation, vertical forms
  and full-width forms: the characters between which a browser drops a source line break.
"""

from __future__ import annotations

import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_BASIC = "\u4e00-\u9fa5"
HAN_BLOCK = "\u4e00-\u9fff"
EAST_ASIAN_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"

CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN = re.compile(f"[{CJK}]+")


def is_cjk(char: str) -> bool:
    """Whether the single character `char` is a Chinese character (class `CJK`)."""
    return CJK_CHAR.fullmatch(char) is not None


class _FoldTable(dict):
    """Lazily filled `str.translate` table: width folding and lowercase, one char to one char."""

    def __missing__(self, code: int) -> int:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char
        lowered = folded.lower()
        if len(lowered) == 1:
            folded = lowered
        self[code] = ord(folded)
        return self[code]


_FOLD = _FoldTable({0x3000: 0x20})


def fold(text: str) -> str:
    """Fold full-width letters, digits and punctuation to half-width, and lowercase Latin.

    Length-preserving: character i of the result comes from character i of `text`, so
    offsets found in the folded text hold for the original.
    """
    return text.translate(_FOLD)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def restore_case(text: str, original: str) -> str:
    """`text`, written from the folded `original`, with each Latin word cased as `original` has it
    (现有文件未说明……的具体app → APP); words of other letters, and other text, unchanged."""
    for word in dict.fromkeys(_LATIN_WORD.findall(unicodedata.normalize("NFKC", original))):
        lower = word.lower()
        if lower != word:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(lower)}(?![A-Za-z0-9])", word, text)
    return text
