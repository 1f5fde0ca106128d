"""A web page's posting stamp (a date and time under the title) gives the page's 发布日期 and a citable clause."""

from __future__ import annotations

from fakes import BigramRetriever
from rag.answering.pipeline import PipelineAnswerer
from rag.config import Settings
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
    assert meta.date_written != "2024-09-18"  # the signature stays the date of writing
    clauses = parse_document(SourceText("nj.txt", PAGE, "txt")).clauses
    stamped = [clause for clause in clauses if clause.clause_id == "nj:stamp.posted"]
    assert len(stamped) == 1 and stamped[0].kind == "meta" and stamped[0].label == "网页发布时间"
    assert PAGE[stamped[0].start : stamped[0].end] == stamped[0].text and stamped[0].line_start == 5


def test_a_portal_header_date_wins_over_a_stamp() -> None:
    page = "发文机关：某市农业农村局\n发布日期：2024年09月20日\n标题：某市农业农村局关于秋冬种的通知\n\n" + PAGE
    assert extract_meta(page).date_published == "2024-09-20"
    clauses = parse_document(SourceText("nj.txt", page, "txt")).clauses
    assert [clause.text for clause in clauses if clause.label in ("发布日期", "网页发布时间")] == ["发布日期：2024年09月20日"]


def test_asked_when_the_page_went_online_the_answer_cites_the_stamp(tmp_path) -> None:
    (tmp_path / "nj.txt").write_text(PAGE, encoding="utf-8")
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("秋冬种农机作业补贴的通知在网上是哪天发布的？")
    assert not answer.refused and "网页发布时间为2024年9月18日" in answer.answer
    assert [citation.clause.clause_id for citation in answer.citations] == ["nj:stamp.posted"]
    # Asked about the document, not the page: its own date, not the day the page went online.
    answer = answerer.answer("秋冬种农机作业补贴的通知是哪天发布的？")
    assert not answer.refused and "2024年9月12日" in answer.answer and "2024年9月18日" not in answer.answer


def test_documents_are_compared_by_their_own_dates_not_by_when_a_page_went_online(tmp_path) -> None:
    (tmp_path / "nj.txt").write_text(PAGE, encoding="utf-8")
    later = PAGE.replace("秋冬种农机作业补贴", "春耕农机作业补贴").replace("2024-09-18 09:30", "2024-09-13 10:00").replace(
        "2024年9月12日", "2024年9月13日")
    (tmp_path / "cg.txt").write_text(later, encoding="utf-8")
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("秋冬种农机作业补贴的通知和春耕农机作业补贴的通知，哪个更新？")
    # Posted 2024-09-18 against 2024-09-13, but signed 2024-09-12 against 2024-09-13: the spring one is newer.
    assert answer.answer.startswith("《某市农业农村局关于做好2024年春耕农机作业补贴工作的通知》较新"), answer.answer
    assert "落款日期为2024年9月12日" in answer.answer and "发布日期" not in answer.answer
