"""Bigrams of texts, and the share of a question's terms a text holds."""

from __future__ import annotations

from rag.answering.terms import QuestionTerms, TermGroup, grams_of, question_terms


def test_a_short_aside_inside_a_word_is_read_without_it_too() -> None:
    grams = grams_of("一类出口企业正常出口退（免）税的平均办理时间压缩至3个工作日以内")
    assert {"退税", "免"} <= grams  # the word without its aside, and the aside itself
    assert "动合" in grams_of("解除劳动（聘用）合同的")  # 劳动合同 is read across the aside
    terms = question_terms("出口退税几天能办下来", lambda found: dict.fromkeys(found, 1.0))
    assert terms.share(grams_of("正常出口退（免）税的平均办理时间")) > terms.share(grams_of("正常出口的平均办理时间"))


def test_a_longer_aside_joins_no_words() -> None:
    # Three characters or more (县（市、区）) are no aside inside a word.
    assert "县处" not in grams_of("县（市、区）处理")


def test_the_share_weighs_each_group_by_how_much_of_it_a_text_holds() -> None:
    lone = TermGroup(2.0, (frozenset({"补贴"}),))
    pair = TermGroup(3.0, (frozenset({"中小", "小企", "企业"}),))  # two of its three bigrams below
    either = TermGroup(5.0, (frozenset({"公司"}), frozenset({"企业"})))  # present through its second form
    absent = TermGroup(7.0, (frozenset({"算力"}),))
    terms = QuestionTerms((lone, pair, either, absent))
    grams = frozenset({"补贴", "小企", "企业"})
    assert terms.share(grams) == (2.0 + 3.0 * 2 / 3 + 5.0) / 17.0
    assert terms.share(frozenset()) == 0.0 and QuestionTerms(()).share(grams) == 0.0
