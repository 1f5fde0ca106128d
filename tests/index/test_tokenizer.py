"""Tests of rag.index.tokenizer: 文号 tokens, numbers with units, mixed Latin, full-width input."""

from __future__ import annotations

import pytest

from rag.index.tokenizer import DEFAULT_CONFIG, TokenizerConfig, tokenize


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


def test_full_width_text_gives_the_same_tokens() -> None:
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
