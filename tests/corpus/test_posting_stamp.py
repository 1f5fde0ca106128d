"""A web page's posting stamp (a date and time under the title) gives the page's 发布日期 and a citable clause."""

from __future__ import annotations

import pytest

from rag.corpus.documents import parse_document
from rag.corpus.metadata import extract_meta
from rag.corpus.posting_stamp import find_posting_stamp
from rag.types import SourceText

PAGE = """首页 > 政务公开 > 政策文件

某市农业农村局关于做好2024年秋冬种农机作业补贴工作的通知

2024-09-18 09:30   来源：某市农业农村局   浏览次数：1203

各区农业农村局：

一、补贴对象

在本市从事秋冬种机耕、机播作业的农机合作社。

二、补贴标准

机耕作业每亩补贴20元，机播作业每亩补贴15元。

某市农业农村局
2024年9月12日
"""


def test_the_stamp_under_the_title_is_found_with_its_exact_offsets() -> None:
    stamp = find_posting_stamp(PAGE)
    assert stamp is not None and stamp.date == "2024-09-18"
    assert PAGE[stamp.start : stamp.end] == stamp.text == "2024-09-18 09:30"


def test_a_date_without_a_time_of_day_or_far_down_the_text_is_no_stamp() -> None:
    assert find_posting_stamp("某某通知\n\n2024年9月12日\n\n一、总则") is None  # a signature date has no time
    body = "\n".join(["正文。"] * 40 + ["2024-09-18 09:30 会议召开"])
    assert find_posting_stamp(body) is None


def test_the_stamp_is_the_pages_publication_date_and_a_meta_clause() -> None:
    meta = extract_meta(PAGE)
    assert meta.date_published == "2024-09-18"
    assert meta.date_written == "2024-09-12"  # the signature stays the date of writing
    clauses = parse_document(SourceText("nj.txt", PAGE, "txt")).clauses
    stamped = [clause for clause in clauses if clause.clause_id == "nj:stamp.posted"]
    assert len(stamped) == 1 and stamped[0].kind == "meta" and stamped[0].label == "网页发布时间"
    assert PAGE[stamped[0].start : stamped[0].end] == stamped[0].text and stamped[0].line_start == 5
    # The stamp line is page furniture: no clause of the text holds it.
    assert not any("浏览次数" in clause.text or "09:30" in clause.text for clause in clauses if clause is not stamped[0])


def test_a_page_with_a_portal_header_has_its_dates_there_and_no_stamp() -> None:
    page = "发文机关：某市农业农村局\n发布日期：2024年09月20日\n标题：某市农业农村局关于秋冬种的通知\n\n" + PAGE
    assert extract_meta(page).date_published == "2024-09-20"
    clauses = parse_document(SourceText("nj.txt", page, "txt")).clauses
    assert [clause.text for clause in clauses if clause.label in ("发布日期", "网页发布时间")] == ["发布日期：2024年09月20日"]
    spaced = "发文机关\n某市农业农村局\n成文日期\n2025-04-18 10:00\n标题\n某市农业农村局关于秋冬种的通知\n\n各区：\n一、总则\n"
    assert find_posting_stamp(spaced) is not None  # the value line alone looks like a stamp ...
    assert extract_meta(spaced).date_published is None  # ... but a header's page is dated by its header
    assert not [clause for clause in parse_document(SourceText("h.txt", spaced, "txt")).clauses if clause.label == "网页发布时间"]


@pytest.mark.parametrize(
    "text",
    [
        "某某会议的通知\n\n各单位：\n\n一、会议时间\n2024年9月25日 14:30\n二、会议地点\n市政府三楼会议室\n",  # in the body
        "某某会议的通知\n\n2024年9月18日 14:30在市政府召开工作会议。\n",  # a sentence
        "考试安排\n\n2024-09-18 09:00\t11:00\t笔试\n",  # a table row
        "某某通知\n\n更新时间：2024-09-18 09:30\n",  # when the page was last updated
    ],
)
def test_a_date_and_time_that_does_not_date_the_page_is_no_stamp(text: str) -> None:
    assert find_posting_stamp(text) is None
