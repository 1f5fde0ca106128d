"""Tests of rag.text.dates: years, year ranges and dates, and where the patterns differ."""

from __future__ import annotations

from rag.text.dates import (
    DATE_LINE,
    DATED_LINE,
    DAY,
    ISSUED_LINE,
    PERIOD,
    PERIOD_AT_END,
    TARGET_YEAR,
    YEAR,
    YEAR_MENTION,
    YEAR_PHRASE,
    YEAR_SLOT,
    YEAR_WITH_UNIT,
    title_without_years,
)


def test_year_stands_alone() -> None:
    assert YEAR.findall("2025年和2028 年，2023-2025，1998年") == ["2025", "2028", "2023", "2025", "1998"]
    assert YEAR.findall("编号20251，12025，1800年，2100年") == []


def test_year_with_unit_is_cut_out_with_its_year_character() -> None:
    question = "2025年和2028 年的目标分别是多少"
    assert YEAR_WITH_UNIT.sub("", question) == "和的目标分别是多少"
    assert YEAR_WITH_UNIT.search("20251") is None


def test_year_slot_does_not_look_past_the_four_digits() -> None:
    assert YEAR_SLOT.fullmatch("2025年") and YEAR_SLOT.fullmatch("2025")
    assert YEAR_SLOT.search("200000").group(0) == "2000"  # unlike YEAR_WITH_UNIT
    assert YEAR_WITH_UNIT.search("200000") is None


def test_year_mention_and_phrase() -> None:
    assert YEAR_MENTION.search("到 2027 年") and not YEAR_MENTION.search("2027")
    sub = YEAR_PHRASE.sub(lambda match: f"<{match.group(1)}>", "2025年底前，2030年末，1850年")
    assert sub == "<2025>前，<2030>，<1850>"


def test_target_year_skips_dates_and_marks_ranges() -> None:
    found = [(match.group(1), match.group(2)) for match in TARGET_YEAR.finditer("到2028年，(2026—2028年)，2025年3月印发")]
    assert found == [(None, "2028"), ("2026", "2028")]
    assert TARGET_YEAR.search("1998年") is None  # targets are of this century


def test_period_in_a_title() -> None:
    title = "行动方案（2024—2026年）"
    assert PERIOD.search(title).group(1) == "2024—2026年"
    assert PERIOD.search("规划(2021-2025)").group(1) == "2021-2025"
    assert PERIOD_AT_END.sub("", title) == "行动方案"
    assert PERIOD_AT_END.sub("", "（2024—2026年）行动方案") == "（2024—2026年）行动方案"


def test_date_lines() -> None:
    assert DATE_LINE.match("2026年2月15日").groups() == ("2026", "2", "15")
    assert DATE_LINE.match("2026 年 2 月 15 日")
    assert not DATE_LINE.match("2026年2月15日印发")
    assert ISSUED_LINE.match("2026年2月15日印发").groups() == ("2026", "2", "15")
    dated = DATED_LINE.match("某市人民政府办公厅2026年2月15日 印发")
    assert dated is not None and dated.groups() == ("2026", "2", "15", "印发")
    assert DATED_LINE.match("2026年2月15日").group(4) is None
    assert DATED_LINE.match("某市人民政府办公厅 2026年2月15日") is None  # the issuer must touch the date
    assert DATED_LINE.match("本办法自发布之日起施行有效期五年各单位应当认真遵照执行截至2026年2月15日") is None  # over 24 before


def test_day_of_a_deadline() -> None:
    assert DAY.search("3月15日前提交").group(0) == "3月15日"
    assert DAY.search("截止2026-03-15").group(0) == "2026-03-15"
    assert DAY.search("每年申报一次") is None


def test_a_title_without_its_years_keeps_the_years_asked_to_keep() -> None:
    assert title_without_years("某市2025年家电以旧换新补贴实施细则") == "某市家电以旧换新补贴实施细则"
    assert title_without_years("关于做好2025年度高校毕业生就业工作的通知") == "关于做好高校毕业生就业工作的通知"
    assert title_without_years("某省数字经济行动计划（2024—2026年）") == "某省数字经济行动计划"
    assert title_without_years("某市2025年补贴细则", frozenset({"2025"})) == "某市2025年补贴细则"
    assert title_without_years("5G应用扬帆行动计划") == "5G应用扬帆行动计划"  # only years are left out
    assert title_without_years("2025年") == "2025年"  # nothing would be left


def test_a_title_is_named_without_its_issuer_count_unless_the_cited_text_states_it() -> None:
    from rag.text.dates import plain_title

    title = "某省民政厅等7部门关于印发《某某若干措施》的通知"
    assert plain_title(title) == "某省民政厅等部门关于印发《某某若干措施》的通知"
    assert plain_title(title, frozenset({"7"})) == title
    assert plain_title("某部等12个部门关于2025年做好某工作的通知") == "某部等部门关于做好某工作的通知"
    assert plain_title("某市第3次会议纪要") == "某市第3次会议纪要"  # no issuer count


def test_calendar_day_bounds() -> None:
    from rag.text.dates import calendar_day

    assert calendar_day(9, 18) and calendar_day(12, 31) and calendar_day(1, 1)
    assert not calendar_day(13, 1) and not calendar_day(0, 5) and not calendar_day(6, 32) and not calendar_day(6, 0)
