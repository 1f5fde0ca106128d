"""Tests of rag.index.tokenizer: 文号, numbers with units, mixed Latin, width folding."""

from __future__ import annotations

import pytest

from rag.index.tokenizer import DEFAULT_CONFIG, TokenizerConfig, fold, normalize_doc_number, tokenize


@pytest.mark.parametrize(
    "text",
    ["武政办〔2026〕21号", "武政办[2026]21号", "武政办(2026)21号", "武政办（2026）21号", "武政办［2026］21号", "武政办 〔2026〕 21 号"],
)
def test_doc_number_variants_give_one_normalized_token(text: str) -> None:
    tokens = tokenize(text)
    assert tokens[0] == "武政办2026-21号"
    assert {"武政办", "2026", "21号"} <= set(tokens)
    assert "〔" not in "".join(tokens)


def test_doc_number_drops_leading_verbs_and_keeps_the_rest_of_the_sentence() -> None:
    tokens = tokenize("根据鄂政发〔2021〕5号文件精神")
    assert "鄂政发2021-5号" in tokens
    assert "精神" in tokens
    assert not any(token.startswith("根据鄂") for token in tokens)


def test_normalize_doc_number() -> None:
    assert normalize_doc_number("印发武政办〔2023〕85号的通知") == "武政办2023-85号"
    assert normalize_doc_number("国办发（2017）第035号") == "国办发2017-35号"
    assert normalize_doc_number("没有文号") is None


def test_numbers_with_units() -> None:
    tokens = tokenize("全市人工智能产业规模突破 2000 亿元，集聚企业超1500家")
    assert {"2000", "亿元", "2000亿元", "1500", "1500家"} <= set(tokens)


def test_number_range_keeps_both_ends() -> None:
    tokens = tokenize("2023-2025年")
    assert {"2023", "2025", "2025年", "2023-2025"} <= set(tokens)


def test_mixed_latin_kept_whole_and_lowercased() -> None:
    tokens = tokenize("推动1.6T/3.2T光模块、高带宽存储(HBM)、模型即服务(MaaS)、AI+、5G网络")
    assert {"1.6t", "3.2t", "hbm", "maas", "ai+", "ai", "5g"} <= set(tokens)
    assert "光模块" in tokens or "模块" in tokens


def test_percentages() -> None:
    assert {"90%", "90"} <= set(tokenize("覆盖率达到90%"))


def test_width_folding_is_length_preserving() -> None:
    text = "ＡＩ＋行动，２０２８年（ＨＢＭ）：Ｏｋ　"
    folded = fold(text)
    assert folded == "ai+行动,2028年(hbm):ok "
    assert len(folded) == len(text)
    assert tokenize("ＨＢＭ　２０００亿元") == tokenize("HBM 2000亿元")


def test_chinese_runs_give_words_unigrams_and_bigrams() -> None:
    tokens = tokenize("人工智能产业", TokenizerConfig(words="precise"))
    assert "人工智能" in tokens  # jieba word
    assert {"人", "工", "智", "能"} <= set(tokens)  # unigrams
    assert {"人工", "工智", "智能", "能产"} <= set(tokens)  # bigrams


def test_config_switches_token_kinds_off() -> None:
    only_bigrams = tokenize("人工智能产业", TokenizerConfig(words="none", unigrams=False))
    assert only_bigrams == ["人工", "工智", "智能", "能产", "产业"]
    words_only = tokenize("人工智能产业", TokenizerConfig(unigrams=False, bigrams=False))
    assert words_only == ["人工智能", "产业"]
    assert TokenizerConfig.from_dict(TokenizerConfig(words="search").to_dict()).words == "search"


def test_stopwords_punctuation_and_question_words_dropped() -> None:
    tokens = tokenize("支持的政策有哪些？")
    assert "的" not in tokens and "哪些" not in tokens and "？" not in tokens and "?" not in tokens
    assert {"支持", "政策"} <= set(tokens)


def test_empty_and_punctuation_only_give_no_tokens() -> None:
    assert tokenize("") == []
    assert tokenize("，。！？、 \n") == []


def test_config_rejects_unknown_word_modes() -> None:
    with pytest.raises(ValueError, match="precise"):
        TokenizerConfig(words="fast")


def test_default_tokenizer_needs_no_word_dictionary() -> None:
    # jieba's dictionary takes ~0.6 s to load; character n-grams alone retrieve as well here
    assert DEFAULT_CONFIG.words == "none"
    assert "人工智能" not in tokenize("人工智能产业") and "智能" in tokenize("人工智能产业")


def test_doc_number_key_is_shared_by_spellings_of_one_number():
    from rag.index.tokenizer import doc_number_key

    assert doc_number_key("武政办〔2026〕第21号") == doc_number_key("武政办(2026)021号") == doc_number_key("武政办〔2026〕21号")
    assert doc_number_key("武政办〔2026〕21号") != doc_number_key("武政办〔2026〕22号")
    assert doc_number_key("没有 文号（草案）") == "没有文号草案"
