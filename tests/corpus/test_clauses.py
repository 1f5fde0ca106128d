"""Clause splitting on the seeds (exact offsets, sections, tables, cleaning) and on samples."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

from rag.corpus.clauses import split_clauses
from rag.text.lines import is_furniture
from rag.corpus.documents import load_documents
from rag.types import Clause

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden"
FURNITURE = ("- 3 -", "湖北省经济和信息化厅规范性文件", "湖北省经济和信息化厅发布")


@pytest.fixture(scope="module")
def seed_documents():
    documents, skipped = load_documents([SEEDS], SEEDS)
    assert not skipped
    return {document.source.file[:3]: document for document in documents}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _visible_source(source: str, clause: Clause) -> str:
    """The clause's source slice without furniture lines and markdown marks."""
    kept = []
    for line in source[clause.start : clause.end].splitlines():
        if is_furniture(line.strip()):
            continue
        kept.append(re.sub(r"^\s*(#{1,6}\s*|-\s+)", "", line).replace("**", ""))
    return _compact("".join(kept))


def _by_text(document, start: str) -> Clause:
    matches = [clause for clause in document.clauses if clause.text.startswith(start)]
    assert len(matches) == 1, [clause.clause_id for clause in matches]
    return matches[0]


def test_source_slice_is_exact_original_of_every_clause(seed_documents):
    for document in seed_documents.values():
        source = document.source.text
        for clause in document.clauses:
            assert 0 <= clause.start < clause.end <= len(source)
            if clause.kind == "row":
                for cell in clause.text.split("；"):
                    assert _compact(cell.split("：", 1)[1]) in _compact(source[clause.start : clause.end])
            else:
                assert _compact(clause.text) == _visible_source(source, clause), clause.clause_id
            assert clause.line_start == source.count("\n", 0, clause.start) + 1
            assert clause.line_end == source.count("\n", 0, clause.end - 1) + 1


def test_no_clause_text_holds_page_furniture(seed_documents):
    for document in seed_documents.values():
        for clause in document.clauses:
            for furniture in FURNITURE:
                assert furniture not in clause.text, clause.clause_id
            assert all(line.strip() not in ("X", "3 -") for line in clause.text.splitlines())


def test_sections_follow_the_numbering_of_000_and_002(seed_documents):
    item = _by_text(seed_documents["000"], "3.“人工智能+”工业制造")
    assert item.section == ("三、深化应用赋能", "(二)实施“智产跃升”工程")
    assert item.kind == "item" and item.label == "3."
    item = _by_text(seed_documents["002"], "1. 强化智能算力要素供给")
    assert item.section == ("二、主要任务", "(二) 实施人工智能要素伙伴计划")
    assert "一管理、统一运营" in item.text  # the hard break inside 统一管理 is joined


def test_every_numbered_item_is_its_own_clause(seed_documents):
    items_000 = [clause for clause in seed_documents["000"].clauses if clause.kind == "item"]
    assert [clause.label for clause in items_000[5:]] == [f"{n}." for n in range(1, 16)]
    items_004 = [clause.label for clause in seed_documents["004"].clauses if clause.kind == "item"]
    assert items_004[:3] == ["(一)", "(二)", "(三)"] and "(十六)" in items_004


def test_table_rows_of_000_carry_headers_and_groups(seed_documents):
    rows = [clause for clause in seed_documents["000"].clauses if clause.kind == "row"]
    assert len(rows) == 23  # 5 + 15 tasks + 3 safeguards
    farming = next(row for row in rows if "“人工智能+”农业" in row.text)
    assert farming.text == "序号：4；重点任务：“人工智能+”农业；牵头单位：市农业农村局；责任单位：市经信局"
    assert farming.section == ("附件", "重点任务责任分解清单", "二、深化应用赋能", "(二)实施“智产跃升”工程")
    assert not any(row.text.startswith("序号：序号") for row in rows)  # repeated header skipped


def test_003_reads_as_continuous_sentences(seed_documents):
    document = seed_documents["003"]
    for clause in document.clauses:
        for index, char in enumerate(clause.text):
            if char == "\n" and clause.kind != "meta":
                assert clause.text[index - 1] in "。；：！？）)”", clause.clause_id
    status = _by_text(document, "产业发展初具实力。")
    assert "2020 年我省人工智能产业规模约 350 亿元" in status.text


def test_003_boxes_and_indicator_table(seed_documents):
    document = seed_documents["003"]
    chip = _by_text(document, "智能芯片。加强国家存储器基地建设")
    assert chip.section[-1] == "专栏 1 核心产品开发工程" and chip.kind == "box"
    rows = [clause for clause in document.clauses if clause.kind == "row"]
    assert [row.text for row in rows][0] == "序号：1；指标名称：产业规模；2025 年目标：1000 亿元"
    assert len(rows) == 5


def test_news_report_splits_into_paragraphs_and_marks_duplicates(seed_documents):
    document = seed_documents["001"]
    assert all(clause.kind in ("paragraph", "meta") for clause in document.clauses)
    duplicates = [clause for clause in document.clauses if clause.duplicate_of]
    assert len(duplicates) == 1 and duplicates[0].duplicate_of == document.clauses[1].clause_id


def test_median_clause_length_well_under_300(seed_documents):
    lengths = [len(clause.text) for document in seed_documents.values() for clause in document.clauses]
    assert statistics.median(lengths) < 200
    assert max(lengths) <= 600


def test_clause_ids_are_unique_stable_and_url_safe(seed_documents):
    for document in seed_documents.values():
        ids = [clause.clause_id for clause in document.clauses]
        assert len(ids) == len(set(ids))
        again = [clause.clause_id for clause in split_clauses(document.source.text, document.source.file)]
        assert again == ids
        assert all(re.fullmatch(r"[\w.:\-]+", clause_id, re.ASCII) for clause_id in ids)


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_golden_files_match(seed_documents, stem):
    import json

    golden = next(GOLDEN.glob(f"{stem}_*.jsonl"))
    expected = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    actual = [clause.to_dict() for clause in seed_documents[stem].clauses]
    assert actual == expected, "clauses changed: run `make golden` and review the diff"


REGULATION = """第一章 总则

第一条 为了规范人工智能产业发展，制定本办法。

本办法所称人工智能企业，是指在本省登记注册的企业。

第二条 依照第一条规定，省经信厅负责组织实施。
第三条 有下列情形之一的，不予支持：
（一）未依法登记的；
（二）存在严重失信行为的。

第二章 支持措施

第四条 对新认定的卓越级智能工厂，给予一次性奖励。
"""


def test_regulation_articles_with_paragraphs_and_cross_references():
    clauses = split_clauses(REGULATION, "reg.txt")
    articles = [clause for clause in clauses if clause.kind == "article"]
    assert [clause.label for clause in articles] == ["第一条", "第二条", "第三条", "第四条"]
    first = articles[0]
    assert first.section == ("第一章 总则",)
    assert "本办法所称人工智能企业" in first.text  # the 款 stays with its article
    assert articles[1].text == "第二条 依照第一条规定，省经信厅负责组织实施。"
    assert not [clause for clause in clauses if clause.kind == "item"]  # 项 stay inside their article
    assert articles[2].text == "第三条 有下列情形之一的，不予支持：\n（一）未依法登记的；\n（二）存在严重失信行为的。"
    assert articles[3].section == ("第二章 支持措施",)
    assert [clause.clause_id for clause in articles] == ["reg:c1.a1", "reg:c1.a2", "reg:c1.a3", "reg:c2.a4"]


MIXED = """一、工作目标
（一）产业规模
1．到2028年，产业规模突破2000亿元。
（1）培育企业100家。
①其中独角兽企业10家。
2．按本方案（二）执行的项目，由市经信局牵头，依照
（三）的规定报送。
（二）保障措施
加大资金支持力度。
"""


def test_mixed_numbering_families_nest_and_cross_references_stay_body():
    clauses = split_clauses(MIXED, "mixed.txt")
    by_label = {clause.label: clause for clause in clauses if clause.label}
    assert by_label["1．"].section == ("一、工作目标", "（一）产业规模")
    assert by_label["（1）"].section == ("一、工作目标", "（一）产业规模")
    assert by_label["①"].section == ("一、工作目标", "（一）产业规模")
    assert "（三）的规定报送" in by_label["2．"].text
    body = [clause for clause in clauses if clause.text == "加大资金支持力度。"]
    assert body and body[0].section == ("一、工作目标", "（二）保障措施")


def test_overlong_item_splits_at_sentence_ends_with_part_ids():
    sentence = "推动人工智能与实体经济深度融合，加快建设智能工厂和数字化车间。"
    source = "一、主要任务\n\n1．" + sentence * 40 + "\n"
    clauses = split_clauses(source, "long.txt", cap=600)
    assert [clause.clause_id for clause in clauses] == ["long:1.1-1", "long:1.1-2", "long:1.1-3"]
    for clause in clauses:
        assert len(clause.text) <= 600
        assert source[clause.start : clause.end] == clause.text
        assert clause.text.endswith("。")


def test_crlf_offsets_stay_true():
    source = "一、总体要求\r\n\r\n（一）加快发展。到2028年建成10个示范场景。\r\n（二）强化保障。\r\n"
    clauses = split_clauses(source, "crlf.txt")
    assert [source[clause.start : clause.end] for clause in clauses] == [
        "（一）加快发展。到2028年建成10个示范场景。",
        "（二）强化保障。",
    ]
    assert [clause.line_start for clause in clauses] == [3, 4]


# Documents other than the seeds: portal headers and notices issuing several documents.

OTHER = ROOT / "gold" / "other_corpus"

PORTAL = (
    "索  引  号：\t000014349/2024-00045\t主题分类：\t劳动、人事、监察\\其他\n"
    "发文机关：\t遵义市人民政府办公室\t成文日期：\t2024年07月02日\n"
    "标　　题：\t遵义市人民政府办公室关于印发《遵义市甲补贴管理规定》和《遵义市乙资金使用办法》的通知\n"
    "发文字号：\t遵府办发〔2024〕15号\t发布日期：\t2024年07月10日\n"
    "\n"
    "遵义市人民政府办公室关于印发《遵义市甲补贴管理规定》和《遵义市乙资金使用办法》的通知\n"
    "各县（市、区）人民政府：\n"
    "《遵义市甲补贴管理规定》和《遵义市乙资金使用办法》已经市政府同意，现印发给你们，请认真贯彻执行。\n"
    "一、各地要在2024年9月30日前制定实施细则。\n"
    "二、执行中的问题请及时反馈。\n"
    "附件：1．遵义市甲补贴管理规定\n"
    "2．遵义市乙资金使用办法\n"
    "遵义市人民政府办公室\n"
    "2024年7月2日\n"
    "附件1\n"
    "遵义市甲补贴管理规定\n"
    "第一章　总则\n"
    "第一条　为规范甲补贴，制定本规定。\n"
    "第二条　本规定由市财政局负责解释。\n"
    "附件2\n"
    "遵义市乙资金使用办法\n"
    "第一条　为管好乙资金，制定本办法。\n"
    "第二条　本办法自印发之日起施行。\n"
)


def _header_values(source: str) -> list[str]:
    from rag.corpus.portal_header import read_portal_header

    header = read_portal_header(source)
    assert header is not None
    return [field.value for field in header.fields if field.value]


def test_portal_header_fields_are_meta_clauses_with_exact_spans():
    clauses = split_clauses(PORTAL, "zy.txt")
    header = [clause for clause in clauses if clause.clause_id.startswith("zy:header.")]
    assert [clause.label for clause in header] == ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期"]
    assert all(clause.kind == "meta" and clause.section == () for clause in header)
    by_label = {clause.label: clause for clause in header}
    assert PORTAL[by_label["发布日期"].start : by_label["发布日期"].end] == "发布日期：\t2024年07月10日"
    assert by_label["发布日期"].text == "发布日期：2024年07月10日"
    assert by_label["标题"].text.startswith("标题：遵义市人民政府办公室关于印发")
    assert by_label["发文字号"].clause_id == "zy:header.doc-number" and by_label["发文字号"].line_start == 4
    for clause in clauses:
        assert _compact(PORTAL[clause.start : clause.end]) == _compact(clause.text), clause.clause_id


def test_header_values_never_become_headings_of_the_body():
    for source in [PORTAL, *(path.read_text(encoding="utf-8") for path in sorted(OTHER.glob("p0*.txt")))]:
        values = {_compact(value) for value in _header_values(source)}
        for clause in split_clauses(source, "doc.txt"):
            assert not values & {_compact(heading) for heading in clause.section}, clause.clause_id


def test_each_issued_regulation_is_the_outermost_section_of_its_articles():
    clauses = split_clauses(PORTAL, "zy.txt")
    firsts = [clause for clause in clauses if clause.label == "第一条"]
    assert [clause.section for clause in firsts] == [
        ("遵义市甲补贴管理规定", "第一章　总则"),
        ("遵义市乙资金使用办法",),
    ]
    assert [clause.clause_id for clause in firsts] == ["zy:annex1.c1.a1", "zy:annex2.a1"]


def test_the_notices_attachment_list_and_signature_stay_at_the_notice_level():
    clauses = split_clauses(PORTAL, "zy.txt")
    second = next(clause for clause in clauses if clause.text.startswith("二、执行中"))
    assert second.text == "二、执行中的问题请及时反馈。"
    listing = next(clause for clause in clauses if clause.text.startswith("附件："))
    assert listing.text == "附件：1．遵义市甲补贴管理规定\n2．遵义市乙资金使用办法" and listing.section == ()


def test_regulations_issued_without_annex_markers_get_their_own_sections_and_ids():
    source = (
        "某省人民政府关于印发《丙事项管理规定》和《丁事项实施办法》的通知\n"
        "各市人民政府：现将《丙事项管理规定》和《丁事项实施办法》印发给你们，请认真贯彻执行。\n"
        "某省人民政府\n2024年5月23日\n"
        "丙事项管理规定\n第一章　总则\n第一条　为规范丙事项，制定本规定。\n第二条　本规定自印发之日起施行。\n"
        "丁事项实施办法\n第一条　为实施丁事项，制定本办法。\n"
    )
    clauses = split_clauses(source, "two.txt")
    firsts = [clause for clause in clauses if clause.label == "第一条"]
    assert [(clause.clause_id, clause.section) for clause in firsts] == [
        ("two:doc1.c1.a1", ("丙事项管理规定", "第一章　总则")),
        ("two:doc2.a1", ("丁事项实施办法",)),
    ]


def test_a_notice_issuing_one_document_keeps_its_sections_as_before():
    source = "某市人民政府关于印发某市戊方案的通知\n各区：现将《某市戊方案》印发给你们。\n某市人民政府\n2024年1月2日\n某市戊方案\n一、总体要求\n（一）加快发展。\n"
    item = next(clause for clause in split_clauses(source, "one.txt") if clause.label == "（一）")
    assert (item.clause_id, item.section) == ("one:1.1", ("一、总体要求",))


def test_second_corpus_portal_documents():
    p02 = next(OTHER.glob("p02_*.txt"))
    source = p02.read_text(encoding="utf-8")
    clauses = split_clauses(source, p02.name)
    header = {clause.label: clause for clause in clauses if clause.kind == "meta" and ":header." in clause.clause_id}
    assert source[header["发布日期"].start : header["发布日期"].end] == "发布日期：2025年06月16日"
    assert source[header["发文机关"].start : header["发文机关"].end] == "发文机关：浙江省民政厅\u3000浙江省财政厅"
    tenth = [clause for clause in clauses if clause.label == "第十条"]
    assert [clause.section[0] for clause in tenth] == ["浙江省经济困难老年人养老服务补贴管理规定", "浙江省居家社区养老服务机构运营补助办法"]
    assert len({clause.clause_id for clause in tenth}) == 2
    head = next(clause for clause in clauses if clause.clause_id.endswith(":head"))
    assert head.text.startswith("浙江省民政厅\u3000浙江省财政厅关于印发") and "各市、县（市、区）民政局、财政局：" in head.text
    for path in sorted(OTHER.glob("p0*.txt")):
        text = path.read_text(encoding="utf-8")
        for clause in split_clauses(text, path.name):
            if clause.kind != "row":  # a row's text puts each cell behind its column header
                assert _compact(text[clause.start : clause.end]) == _compact(clause.text), clause.clause_id


def test_clause_ids_are_unique_per_file_path() -> None:
    from rag.corpus.clauses import id_prefix

    assert id_prefix("000_d07304ea45ad6d22.txt") == "000_d07304ea45ad6d22"  # seed ids unchanged
    names = ["政策.txt", "政策.md", "政策.html", "政策.htm", "政策.TXT", "政策.md.txt", "sub/政策.txt", "sub/政策.md"]
    assert len({id_prefix(name) for name in names}) == len(names)
    text = "一、总则。\n二、附则。\n"
    ids = {name: [clause.clause_id for clause in split_clauses(text, name)] for name in ("政策.txt", "政策.md")}
    assert ids["政策.txt"] == ["政策:1", "政策:2"] and ids["政策.md"] == ["政策.md:1", "政策.md:2"]


def test_a_signature_after_the_last_item_closes_the_text_instead_of_continuing_the_item():
    text = "某市养老服务补贴办法\n\n一、补贴标准\n\n（一）每张床位补贴200元。\n\n（二）护理员每月补贴300元。\n\n某市人民政府办公室\n2024年1月11日\n（此件公开发布）\n"
    clauses = split_clauses(text, "s.txt")
    last_item = next(clause for clause in clauses if clause.label == "（二）")
    assert last_item.text == "（二）护理员每月补贴300元。"
    tail = clauses[-1]
    assert tail.kind == "meta" and tail.text.startswith("某市人民政府办公室\n2024年1月11日")
    assert text[tail.start : tail.end].startswith("某市人民政府办公室")


def test_a_caption_heads_the_tab_separated_rows_below_it() -> None:
    text = (
        "某省农房改造补助办法\n"
        "二、补助标准\n"
        "（一）中央财政补助标准。补助标准按照改造类型确定（见表1）。\n"
        "表1　中央财政农房改造补助标准\n"
        "改造类型\t东部地区\t中部地区\n"
        "拆除重建\t户均1.2万元\t户均1.6万元\n"
        "修缮加固\t户均0.6万元\t户均0.8万元\n"
        "（二）地方补助。市县财政应当给予补助。\n"
    )
    rows = [clause for clause in split_clauses(text, "a.txt") if clause.kind == "row"]
    assert [row.text.split("；")[0] for row in rows] == ["改造类型：拆除重建", "改造类型：修缮加固"]
    assert all(row.section[-1] == "表1　中央财政农房改造补助标准" for row in rows)
    assert all("东部地区：" in row.text for row in rows)


def test_a_short_line_under_a_heading_is_that_headings_text_not_dropped() -> None:
    text = (
        "关于召开工作会议的通知\n\n各有关单位：\n现将会议有关事项通知如下。\n"
        "一、会议时间\n2024年9月25日 14:30\n"
        "二、会议地点\n市政府三楼会议室\n"
        "三、参会人员\n各单位分管负责同志。\n"
        "四、有关要求\n会议材料\n请于9月20日前报送会议材料。\n"
    )
    clauses = split_clauses(text, "n.txt")
    by_section = {clause.section[0]: clause for clause in clauses if clause.section}
    assert by_section["一、会议时间"].text == "2024年9月25日 14:30"
    assert by_section["二、会议地点"].text == "市政府三楼会议室"
    assert text[by_section["二、会议地点"].start : by_section["二、会议地点"].end] == "市政府三楼会议室"
    # a short line that does head text below it is still a heading
    required = next(clause for clause in clauses if clause.text.startswith("请于"))
    assert required.section == ("四、有关要求", "会议材料")


def test_titles_signatures_and_markdown_headings_do_not_become_text() -> None:
    annexed = "某市关于开展申报工作的通知\n各区：\n一、工作要求\n请按时申报。\n附件1\n申报指南\n一、申报条件\n（一）注册满一年。\n"
    assert "申报指南" not in [clause.text for clause in split_clauses(annexed, "a.txt")]
    signed = (
        "某市关于加强审核的通知\n各区：\n一、工作要求\n1．各区要按时报送。\n2．各区要加强审核把关。\n\n"
        "某市发展和改革委员会\n\n2024年9月1日\n"
    )
    items = [clause for clause in split_clauses(signed, "s.txt") if clause.label == "2．"]
    assert items and items[0].text == "2．各区要加强审核把关。"
    marked = "某市规划\n一、发展目标\n### 产业发展\n### 人才支撑\n二、保障措施\n加强领导。\n"
    assert not any(clause.text.startswith("产业发展") for clause in split_clauses(marked, "m.txt"))


def test_a_note_between_numbered_items_stays_with_the_item_before_it() -> None:
    text = (
        "某市家政服务提质措施\n一、加强培训\n1．开展家政技能培训。\n（责任单位：市人社局、市商务局）\n"
        "2．推行持证上岗。\n（责任单位：市商务局）\n二、加强保障\n加大资金投入。\n"
    )
    by_label = {clause.label: clause for clause in split_clauses(text, "n.txt")}
    assert by_label["1．"].text.endswith("（责任单位：市人社局、市商务局）")
    assert by_label["2．"].text.endswith("（责任单位：市商务局）")
