"""Tests of rag.text.numbers: Chinese numerals, Arabic numbers, units and quantities."""

from __future__ import annotations

import re

import pytest

from rag.evaluation import metrics
from rag.text.numbers import (
    CHINESE_AMOUNT,
    COUNT_FIGURE,
    FIGURE,
    INDEX_UNITS,
    MONEY_FIGURE,
    Quantity,
    QuantityKind,
    alternation,
    chinese_number,
    extract_numbers,
    find_quantities,
    normalize_number,
    number_unit_pairs,
    parse_chinese_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一十", 10),
        ("一百一十", 110),
        ("一百零五", 105),
        ("一千零五十", 1050),
        ("九千九百九十九", 9999),
        ("两千", 2000),
        ("一千五", 1500),  # the trailing digit counts hundreds
        ("一百五", 150),
        ("二十万", 200000),
        ("一万五", 15000),
        ("一万零五百", 10500),
        ("五十万零三", 500003),
        ("三千五百万", 35000000),
        ("一亿", 100000000),
        ("两亿三千万", 230000000),
        ("一亿五", 150000000),
        ("千亿", 100000000000),
        ("一万亿", 10**12),
        ("三点五", 3.5),
        ("零点五", 0.5),
        ("一点五亿", 150000000),
        ("二〇二五", 2025),  # digit by digit
        ("一〇五", 105),
        ("五六七八", 5678),
    ],
)
def test_parse_chinese_number(text: str, value: int | float) -> None:
    parsed = parse_chinese_number(text)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize("text", ["", "十四五", "一五", "三五", "百百", "十十", "万", "亿", "零零", "一百零", "一百十", "点五", "三点", "15", "一千千"])
def test_parse_chinese_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_chinese_number(text) is None


def test_chinese_number_stays_lenient_for_heading_numbers() -> None:
    assert chinese_number("十二") == 12
    assert chinese_number("一百零五") == 105
    assert chinese_number("12") == 12
    assert chinese_number("十四五") == 15  # any run gets a value; parse_chinese_number says None


def test_extract_numbers_is_the_one_metrics_uses() -> None:
    assert metrics.extract_numbers is extract_numbers
    assert metrics.normalize_number is normalize_number
    assert extract_numbers("到２０２８年突破2,000亿元，占比1.50%[1]") == {"2028", "2000", "1.5"}
    assert normalize_number("007") == "7" and normalize_number("0.50") == "0.5"


def _found(text: str) -> list[tuple[str, int | float, str, str]]:
    return [(q.kind.value, q.value, q.unit, text[q.start : q.end]) for q in find_quantities(text)]


def test_find_quantities_in_chinese_numerals() -> None:
    text = "每家企业最高奖励二十万元，申报费三元，期限五年，补贴比例为百分之十五。"
    assert _found(text) == [
        ("money", 200000, "元", "二十万元"),
        ("money", 3, "元", "三元"),
        ("duration", 5, "年", "五年"),
        ("percent", 15, "%", "百分之十五"),
    ]


def test_find_quantities_in_arabic_numerals_with_magnitudes() -> None:
    text = "安排1.5亿元，单笔不超过2,000元，另有100万美元，利率3.5%，千分之三"
    assert _found(text) == [
        ("money", 150000000, "元", "1.5亿元"),
        ("money", 2000, "元", "2,000元"),
        ("money", 1000000, "美元", "100万美元"),
        ("percent", 3.5, "%", "3.5%"),
        ("percent", 3, "‰", "千分之三"),
    ]


def test_find_quantities_durations() -> None:
    text = "三个月内完成，15个工作日内办结，5日内答复，每2周一次，8小时"
    assert _found(text) == [
        ("duration", 3, "月", "三个月"),
        ("duration", 15, "工作日", "15个工作日"),
        ("duration", 5, "日", "5日"),
        ("duration", 2, "周", "2周"),
        ("duration", 8, "小时", "8小时"),
    ]


def test_find_quantities_reads_days_as_durations_only_where_a_time_limit_is_meant() -> None:
    text = "用人单位提前三十日书面通知，自受理之日起十五日作出决定，三月三十日截止，每月 10 日报送"
    assert _found(text) == [("duration", 30, "日", "三十日"), ("duration", 15, "日", "十五日")]
    for dates in ("5月1日至5日放假", "于每月10日、20日发放", "每月的5日前报送", "记者12日从市政府获悉", "国庆节10月1日-7日",
                  "次月十五日内缴纳", "三月一日至六月三十日内"):
        assert find_quantities(dates) == [], dates
    for limit in ("处十五日以下拘留", "公示7日", "期限为60日", "延期30日", "届满前30日", "七日后生效"):
        assert [q.kind.value for q in find_quantities(limit)] == ["duration"], limit


def test_find_quantities_skips_years_dates_ordinals_and_names() -> None:
    text = "2025年3月15日起，二〇二五年，第五年，第十五年，“十四五”期间，五周年，元旦，单位：万元，两千，十月一日"
    assert find_quantities(text) == []


def test_find_quantities_marks_approximate_amounts() -> None:
    found = find_quantities("奖励100多万元，另补1万余元，共十多万元")
    assert [(q.value, q.approximate) for q in found] == [(1000000, True), (10000, True), (100000, True)]


def test_find_quantities_takes_the_well_formed_end_of_a_numeral_run() -> None:
    text = "统一五元"
    (quantity,) = find_quantities(text)
    assert quantity == Quantity(QuantityKind.MONEY, 5, "元", 2, 4)


def test_find_quantities_spans_hold_for_full_width_text() -> None:
    text = "补贴１５％，奖励２０万元"
    assert _found(text) == [("percent", 15, "%", "１５％"), ("money", 200000, "元", "２０万元")]


def test_alternation_is_longest_first() -> None:
    pattern = re.compile(alternation({"亿", "亿元", "元", "亿美元"}))
    assert pattern.match("亿美元").group(0) == "亿美元"
    assert pattern.match("亿元").group(0) == "亿元"


def test_index_units_join_the_longest_unit() -> None:
    unit = re.compile(rf"({alternation(INDEX_UNITS)})")
    assert unit.match("千瓦时").group(1) == "千瓦时"
    assert unit.match("万平方米").group(1) == "万平方米"


def test_number_unit_pairs_of_an_answer_sentence() -> None:
    pairs = number_unit_pairs("到2028年培育20家企业,发放一百万元,惠及5万人,装机10千瓦,5g基站")
    assert pairs == [
        ("2028", "年"),
        ("20", "家"),
        ("5", "万"),  # 万人 is not a claim unit: 5万人 is checked as 5万
        ("10", "千"),
        ("5", "g"),
        ("一百万", "元"),
    ]


def test_chinese_amount_needs_two_numeral_characters() -> None:
    assert CHINESE_AMOUNT.search("三元") is None
    assert CHINESE_AMOUNT.search("补贴两千元").group(0) == "两千元"


def test_figure_patterns() -> None:
    assert FIGURE.search("建成350个场景") and not FIGURE.search("2025年")
    assert MONEY_FIGURE.search("补贴百分之十") and MONEY_FIGURE.search("奖励五万元") and not MONEY_FIGURE.search("10家")
    match = COUNT_FIGURE.search("突破2000亿元")
    assert match is not None and match.group(0) == "2000亿元"
    assert COUNT_FIGURE.search("十家企业") and not COUNT_FIGURE.search("一网统管")


def test_measures_stated_in_digits_and_in_chinese_numerals_are_the_same() -> None:
    from rag.text.numbers import stated_measures

    assert stated_measures("工作满十年的呢") & stated_measures("已满10年不满20年的")
    assert stated_measures("买个一级能效的冰箱") == stated_measures("购买1级及以上能效")
    assert stated_measures("我二十三岁") == {(23.0, "岁")}
    assert stated_measures("三个月内") == {(3.0, "个月")}
    assert not stated_measures("统一标准，十四五规划")  # no number with a unit


def test_measures_read_thousands_separators_and_skip_the_article_one() -> None:
    from rag.text.numbers import stated_measures

    assert stated_measures("补贴1,000元") == {(1000.0, "元")}
    assert not stated_measures("一个人可以申请")  # 一个 is an article here, not a count
    assert stated_measures("一个月内") == {(1.0, "个月")}


def test_chinese_numerals_of_article_numbers_read_back() -> None:
    from rag.text.numbers import chinese_numeral, chinese_number

    assert [chinese_numeral(n) for n in (10, 19, 105, 110, 1260)] == ["十", "十九", "一百零五", "一百一十", "一千二百六十"]
    assert all(chinese_number(chinese_numeral(n)) == n for n in range(1, 2000))


def test_years_in_chinese_digits_are_written_as_documents_write_them() -> None:
    from rag.text.numbers import digit_years

    assert digit_years("二〇二〇年的规模") == "2020年的规模"
    assert digit_years("十四五规划") == "十四五规划" and digit_years("三五年内") == "三五年内"


def test_a_quantity_is_also_searched_in_the_other_numerals() -> None:
    from rag.text.numbers import numeral_forms

    assert numeral_forms("全省的企业是不是才三百家左右") == ("300家",)
    assert numeral_forms("奖励二十万元") == ("20万元",)  # as documents write it
    assert numeral_forms("一般是3天") == ("三天",)
    assert numeral_forms("五年内免征吗") == ("5年",)
    assert numeral_forms("一学期是不是交四百八十块") == ("480元",)  # 块 is spoken for 元
    assert numeral_forms("村里有两块地") == ()  # a 块 of land is no money
    assert numeral_forms("2025年的目标") == ()  # a year is no quantity
    assert numeral_forms("第二条") == ()  # nor an article's number
    assert numeral_forms("我七月份才跳槽") == ()  # nor a month
    assert numeral_forms("十四五规划") == ()  # nor a plan's name
    assert numeral_forms("第3条") == () and numeral_forms("每月10日前") == () and numeral_forms("1,500个") == ()


def test_a_share_is_also_searched_in_the_other_writing() -> None:
    from rag.text.numbers import numeral_forms

    assert numeral_forms("出勤不到八成还能拿补贴吗") == ("80%",)
    assert numeral_forms("能报七成五吗") == ("75%",)
    assert numeral_forms("按百分之八十发") == ("80%",)
    assert numeral_forms("不低于80%") == ("百分之八十",)
    assert numeral_forms("一成不变") == () and numeral_forms("交易达成") == () and numeral_forms("百分之几") == ()
    assert numeral_forms("第一成") == () and numeral_forms("增长150%") == ()  # no share of a whole above 100
