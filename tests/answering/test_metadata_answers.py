"""Answers over documents other than the seeds (gold/other_corpus): metadata answers cite the lines of a portal header; titles, numbers and quoted wordings are faithful to what is cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fakes import BigramRetriever
from rag.answering.pipeline import PipelineAnswerer
from rag.answering.metadata import date_lines, find_dates
from rag.answering.quotes import CitationBook
from rag.config import Settings
from rag.corpus.documents import parse_document
from rag.types import SourceText

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "gold" / "other_corpus"

PORTAL = """索引号：11520000MB1E2/2024-00077
发文机关：遵义市人民政府办公室
成文日期：2024年07月02日
标题：遵义市人民政府办公室关于加快发展林下经济的实施意见
发文字号：遵府办发〔2024〕15号
发布日期：2024年07月10日

遵义市人民政府办公室关于加快发展林下经济的实施意见

各县（市、区）人民政府，市政府各部门：

一、总体要求

（一）目标任务。到2027年，全市林下经济利用面积达到300万亩。

遵义市人民政府办公室
2024年7月2日
"""


def test_header_dates_are_named_as_the_header_names_them():
    clauses = parse_document(SourceText("zy.txt", PORTAL, "txt")).clauses
    dates = {(item.what, item.date, item.clause.clause_id) for item in find_dates(clauses)}
    assert ("发布日期", "2024年7月10日", "zy:header.date-published") in dates
    assert ("成文日期", "2024年7月2日", "zy:header.date-written") in dates
    book = CitationBook()
    lines = date_lines(clauses[0], clauses, book, issued_first=True)
    assert lines[0].startswith("《遵义市人民政府办公室关于加快发展林下经济的实施意见》的发布日期为2024年7月10日[1]")
    assert len(lines) == 2 and "成文日期为2024年7月2日[2]" in lines[1]  # the signature's same date is not repeated
    assert [citation.clause.clause_id for citation in book.frozen()] == ["zy:header.date-published", "zy:header.date-written"]


def test_the_date_a_question_names_is_given_alone_when_the_document_states_it():
    text = PORTAL.split("\n\n", 1)[1].replace("2024年7月2日\n", "2024年7月2日\n\n遵义市人民政府办公室2024年7月10日印发\n")
    clauses = parse_document(SourceText("zy.txt", text, "txt")).clauses
    issued = date_lines(clauses[0], clauses, CitationBook(), issued_first=True, only=True)
    assert len(issued) == 1 and "印发日期为2024年7月10日" in issued[0]
    signed = date_lines(clauses[0], clauses, CitationBook(), issued_first=False, only=True)
    assert len(signed) == 1 and "落款日期为2024年7月2日" in signed[0]
    assert len(date_lines(clauses[0], clauses, CitationBook(), issued_first=True)) == 2  # 什么时候发的: both


def test_header_dates_printed_with_dashes_or_slashes_are_found():
    text = PORTAL.replace("成文日期：2024年07月02日", "成文日期：2024/7/2").replace("发布日期：2024年07月10日", "发布日期：2024-07-10")
    clauses = parse_document(SourceText("zy.txt", text, "txt")).clauses
    dates = {(item.what, item.date, item.clause.clause_id) for item in find_dates(clauses)}
    assert ("发布日期", "2024年7月10日", "zy:header.date-published") in dates
    assert ("成文日期", "2024年7月2日", "zy:header.date-written") in dates


@pytest.fixture(scope="module")
def answerer() -> PipelineAnswerer:
    return PipelineAnswerer(BigramRetriever.from_folder(OTHER), Settings())


@pytest.mark.parametrize(
    ("question", "cited", "said"),
    [
        ("合肥家电以旧换新补贴那个文件，是哪天发布的？", "header.date-published", "发布日期为2025年1月24日"),
        ("合肥市2025年家电以旧换新补贴实施细则的发文字号是什么？", "header.doc-number", "合政办秘〔2025〕6号"),
        ("川办发〔2025〕17号是哪个机关发的？", "header.issuer", "四川省人民政府办公厅"),
        ("鲁人社字〔2025〕46号的成文日期是哪天？", "header.date-written", "成文日期为2025年3月20日"),
        # A document described in the user's words, with pointing words and colloquial terms.
        ("山东那份给大学生发补贴的通知是哪几个部门发的？", "header.issuer", "山东省人力资源和社会保障厅、山东省财政厅"),
        # A yes/no question naming a body: the issuer stated, so that the asker sees whether it is that body.
        ("山东那份大学生就业补贴的通知是山东省人社厅单独发的吗？", "header.issuer", "山东省人力资源和社会保障厅、山东省财政厅"),
        ("合肥家电以旧换新补贴那个文件是合肥市政府直接印发的吗？", "header.issuer", "由合肥市人民政府办公室"),
    ],
)
def test_metadata_answers_cite_the_header_line(answerer, question, cited, said):
    answer = answerer.answer(question)
    assert not answer.refused and said in answer.answer
    assert answer.citations[0].clause.clause_id.endswith(cited)


def test_a_described_document_of_another_region_is_not_answered(answerer):
    answer = answerer.answer("广东那份给大学生发补贴的通知，文号是多少？")
    assert answer.refused and "鲁人社字" not in answer.answer


def test_a_question_naming_one_header_date_gets_that_date_alone(answerer):
    answer = answerer.answer("合肥家电以旧换新补贴那个文件，是哪天发布的？")
    assert [citation.clause.clause_id.split(":")[1] for citation in answer.citations] == ["header.date-published"]
    both = answerer.answer("四川减轻小微企业和个体工商户税费负担的若干措施，成文日期和发布日期分别是哪天？")
    cited = {citation.clause.clause_id.split(":")[1] for citation in both.citations}
    assert cited == {"header.date-written", "header.date-published"}


def test_every_number_of_an_answer_is_in_the_text_it_cites(answerer):
    """A title naming a year (合肥市2025年……细则) is named without it where the cited text does
    not state the year; the citation keeps the full title."""
    from rag.evaluation.metrics import number_faithfulness

    answer = answerer.answer("合肥家电以旧换新，空调一个人最多能补几件？")
    assert not answer.refused and "3件" in answer.answer
    assert number_faithfulness(answer.answer, [citation.clause.text for citation in answer.citations]) == 1.0
    issuer = answerer.answer("山东那份给大学生发补贴的通知是哪几个部门发的？")
    assert not issuer.refused and "2025" not in issuer.answer
    assert all("2025年" in (citation.clause.doc_title or "") for citation in answer.citations + issuer.citations)


def test_two_fields_asked_at_once_are_both_answered(answerer):
    answer = answerer.answer("合肥家电以旧换新补贴那个文件的文号是多少？是哪个部门发的？")
    assert not answer.refused
    assert "合政办秘〔2025〕6号" in answer.answer and "由合肥市人民政府办公室印发" in answer.answer
    assert {citation.clause.clause_id.split(":")[-1] for citation in answer.citations} >= {"header.doc-number", "header.issuer"}


@pytest.mark.parametrize(("given", "judged"), [("每件补贴金额不超过3000元", "与所给表述不同"), ("每件补贴金额不超过2000元", "与所给表述一致")])
def test_a_quoted_wording_is_checked_against_the_original(answerer, given, judged):
    answer = answerer.answer(f"合肥家电补贴细则原文是不是写的“{given}”？")
    assert not answer.refused
    assert answer.answer.startswith("《") and f"”，{judged}[1]。" in answer.answer.splitlines()[0]
    assert "每件补贴金额不超过2000元" in answer.citations[0].clause.text


def test_sides_stated_by_sentences_of_one_clause_are_each_quoted(answerer):
    answer = answerer.answer("浙江经济困难老人的养老服务补贴，能力完好的和中度失能的每月分别补多少？")
    assert not answer.refused
    assert "每人每月不低于200元" in answer.answer and "每人每月不低于500元" in answer.answer


@pytest.mark.parametrize(
    ("question", "reference"),
    [
        ("那个文件的文号是多少？", ""),
        ("请问那个通知是哪天发的？", "通知"),
        ("那么某市的方案文号是多少？", "某市的方案"),
        ("这一方案是哪天印发的？", "方案"),
        ("某省这份就业补贴的通知是哪几个部门发的？", "某省就业补贴的通知"),
        ("本溪市养老服务补贴通知的文号是多少？", "本溪市养老服务补贴通知"),  # 本 of a place name stays
        ("这一次的通知是哪天发的？", "通知"),
    ],
)
def test_the_document_reference_leaves_out_pointing_words(question, reference):
    from rag.answering.metadata import document_reference

    assert document_reference(question) == reference


def test_a_clause_of_a_regulation_issued_by_a_notice_is_named_by_the_regulation(answerer):
    answer = answerer.answer("浙江经济困难老人的养老服务补贴，中度失能的每月能拿多少？")
    assert not answer.refused
    assert answer.answer.startswith("《浙江省经济困难老年人养老服务补贴管理规定》（第二章")
    assert "关于印发" in (answer.citations[0].clause.doc_title or "")  # the citation keeps the notice


def test_titles_named_inside_a_title_are_nested_as_angle_marks(answerer):
    answer = answerer.answer("浙江的养老服务补贴文件是哪天发布的？")
    assert not answer.refused
    assert "印发〈浙江省经济困难老年人养老服务补贴管理规定〉和〈" in answer.answer


@pytest.mark.parametrize("question", ["劳动合同法第十九条是怎么规定的？", "劳动合同法第19条怎么写的？"])
def test_a_named_article_is_the_one_clause_cited(answerer, question):
    answer = answerer.answer(question)
    assert not answer.refused
    assert [citation.clause.label for citation in answer.citations] == ["第十九条"]  # not 第二十九条 beside it


def test_a_comparison_asking_agreement_opens_with_the_verdict_and_answers_each_side_once(answerer):
    answer = answerer.answer("失业人员名单报给经办机构的期限，失业保险条例和社会保险法规定的一样吗？两边说法一致吗？")
    lines = answer.answer.splitlines()
    assert re.match(r"不(?:一样|一致)\[\d\]\[\d\]。$", lines[0])
    assert len(lines) == len(set(lines))  # no side answered twice


STAMPED = """首页 > 政务公开 > 通知公告

某县交通运输局关于做好2024年农村客运班线补贴发放工作的通知

2024-10-21 16:05   来源：某县交通运输局   浏览次数：86

各乡镇人民政府：

一、补贴范围

在本县运营的农村客运班线。

二、补贴标准

每条班线每年补贴3000元。

某县交通运输局
2024年10月15日
"""


def test_asked_when_the_page_went_online_the_answer_cites_the_posting_stamp(tmp_path):
    (tmp_path / "ky.txt").write_text(STAMPED, encoding="utf-8")
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("农村客运班线补贴的通知在网上是哪天发布的？")
    assert not answer.refused and "网页发布时间为2024年10月21日" in answer.answer
    assert [citation.clause.clause_id for citation in answer.citations] == ["ky:stamp.posted"]
    # Asked about the document, not the page: its own date, not the day the page went online.
    answer = answerer.answer("农村客运班线补贴的通知是哪天发布的？")
    assert not answer.refused and "2024年10月15日" in answer.answer and "2024年10月21日" not in answer.answer


def test_web_words_inside_a_title_do_not_ask_about_the_page(tmp_path):
    page = STAMPED.replace("农村客运班线补贴发放工作", "客运班线补贴网上办理工作")
    (tmp_path / "ky.txt").write_text(page, encoding="utf-8")
    answer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings()).answer("客运班线补贴网上办理的通知是哪天印发的？")
    assert not answer.refused and "2024年10月15日" in answer.answer and "网页发布时间" not in answer.answer


def test_a_page_dated_only_by_its_posting_stamp_is_answered_with_it(tmp_path):
    page = STAMPED.replace("某县交通运输局\n2024年10月15日\n", "")
    (tmp_path / "ky.txt").write_text(page, encoding="utf-8")
    answer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings()).answer("农村客运班线补贴的通知是哪天发布的？")
    assert not answer.refused and "网页发布时间为2024年10月21日" in answer.answer


def test_documents_are_compared_by_their_own_dates_not_by_when_a_page_went_online(tmp_path):
    (tmp_path / "ky.txt").write_text(STAMPED, encoding="utf-8")
    later = STAMPED.replace("农村客运班线", "城乡公交线路").replace("2024-10-21 16:05", "2024-10-17 09:00").replace(
        "2024年10月15日", "2024年10月16日")
    (tmp_path / "gj.txt").write_text(later, encoding="utf-8")
    answer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings()).answer(
        "农村客运班线补贴的通知和城乡公交线路补贴的通知，哪个更新？")
    # Posted 2024-10-21 against 2024-10-17, but signed 2024-10-15 against 2024-10-16: the bus one is newer.
    assert answer.answer.startswith("《某县交通运输局关于做好2024年城乡公交线路补贴发放工作的通知》较新"), answer.answer
    assert "落款日期为2024年10月15日" in answer.answer and "网页发布时间" not in answer.answer


def test_when_a_document_takes_effect_is_said_beside_its_number_and_dates(tmp_path: Path) -> None:
    from tests.fakes import answer_over

    rules = PORTAL.replace(
        "（一）目标任务。到2027年，全市林下经济利用面积达到300万亩。",
        "（一）目标任务。到2027年，全市林下经济利用面积达到300万亩。\n\n二、其他\n\n"
        "（一）林下经济产品认证证书有效期为3年。\n\n（二）本意见自2024年8月1日起施行，有效期5年。",
    )
    answer = answer_over(tmp_path, {"forest.txt": rules}, "这份林下经济实施意见的文号是多少？从什么时候开始实行？")
    assert "遵府办发〔2024〕15号" in answer.answer
    assert "“本意见自2024年8月1日起施行，有效期5年”" in answer.answer  # the document's own term, not a certificate's
    assert any("起施行" in citation.clause.text for citation in answer.citations)
    plain = answer_over(tmp_path, {"forest.txt": rules}, "这份林下经济实施意见的文号是多少？")
    assert "施行" not in plain.answer  # not asked, not said


def test_the_bodies_a_notice_is_addressed_and_copied_to_are_answered_from_its_salutation_and_copy_line(tmp_path: Path) -> None:
    copied = PORTAL.replace("2024年7月2日\n", "2024年7月2日\n\n抄送：市委办公室，市人大常委会办公室，市政协办公室，遵义军分区。\n")
    (tmp_path / "zy.txt").write_text(copied, encoding="utf-8")
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("林下经济的实施意见主送单位是哪些？")
    assert not answer.refused and "各县（市、区）人民政府，市政府各部门" in answer.citations[0].clause.text, answer.answer
    assert "抄送" not in answer.citations[0].clause.text  # the salutation, not the 抄送 line, states the addressees
    answer = answerer.answer("林下经济的实施意见抄送了哪些单位？")
    assert not answer.refused and "抄送：市委办公室，市人大常委会办公室" in answer.answer, answer.answer
    assert "抄送：" in answer.citations[0].clause.text and "各县（市、区）人民政府" not in answer.answer
    # Both asked at once: each side reads its own line, and each is led by the asker's words.
    both = answerer.answer("林下经济的实施意见的主送单位和抄送单位分别是哪些？")
    assert not both.refused, both.answer
    assert "关于“抄送单位”：" in both.answer and both.answer.count("关于“") == 2, both.answer
    texts = [citation.clause.text for citation in both.citations]
    assert any("市政府各部门" in text and "抄送" not in text for text in texts), texts
    assert any("抄送：市委办公室" in text for text in texts), texts
