"""Tests of rag.text.chars: the character classes and width folding."""

from __future__ import annotations

import re

import pytest

from rag.text.chars import CJK, EAST_ASIAN_WIDE, HAN_BASIC, HAN_BLOCK, fold, is_cjk


@pytest.mark.parametrize("char", ["中", "㐀", "䶵", "龥", "鿿", "豈"])  # basic block, extension A, compatibility
def test_cjk_takes_the_ideographs(char: str) -> None:
    assert is_cjk(char)


@pytest.mark.parametrize("char", ["a", "1", "，", "。", "（", "《", "ａ", "䷀", " "])
def test_cjk_leaves_out_letters_digits_punctuation_and_hexagrams(char: str) -> None:
    assert not is_cjk(char)


def test_the_narrower_classes_differ_where_they_say() -> None:
    def inside(cls: str, char: str) -> bool:
        return re.fullmatch(f"[{cls}]", char) is not None

    assert inside(HAN_BLOCK, "鿿") and not inside(HAN_BASIC, "鿿")  # U+9FFF: after U+9FA5
    assert inside(CJK, "㐀") and not inside(HAN_BLOCK, "㐀")  # extension A
    assert inside(EAST_ASIAN_WIDE, "，") and inside(EAST_ASIAN_WIDE, "ａ") and not inside(CJK, "，")
    assert not inside(EAST_ASIAN_WIDE, "a")


def test_width_folding_is_length_preserving() -> None:
    text = "ＡＩ＋行动，２０２８年（ＨＢＭ）：Ｏｋ　"
    folded = fold(text)
    assert folded == "ai+行动,2028年(hbm):ok "
    assert len(folded) == len(text)


def test_folding_keeps_characters_that_would_expand() -> None:
    # NFKC turns ㎡ into two characters and ½ into three: kept as they are, offsets hold.
    assert fold("100㎡½") == "100㎡½"
    assert fold("Ⅻ") == "ⅻ"  # NFKC gives XII: not folded, but lowercased


def test_latin_words_keep_the_askers_case_in_text_written_from_the_folded_question() -> None:
    from rag.text.chars import fold, restore_case

    asked = "在哪个ＡＰＰ上查LPR？"
    assert restore_case(f"未说明{fold(asked)}", asked) == "未说明在哪个APP上查LPR?"  # the rest stays folded
    assert restore_case("appendix 与 app", "哪个APP") == "appendix 与 APP"  # whole words only
    assert restore_case("未说明app", "") == "未说明app"
