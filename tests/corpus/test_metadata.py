"""Document metadata on documents other than the seeds: portal headers, notices, regions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.corpus.metadata import extract_meta
from rag.text.regions import load_regions

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "gold" / "other_corpus"

PORTAL = """索引号：11520000MB1E2/2024-00077
主题分类：农业、林业、水利\\其他
发文机关：遵义市人民政府办公室
成文日期：2024年07月02日
标题：遵义市人民政府办公室关于加快发展林下经济的实施意见
发文字号：遵府办发〔2024〕15号
发布日期：2024年07月10日

遵义市人民政府办公室关于加快发展林下经济的实施意见

各县（市、区）人民政府，市政府各部门：

根据《国务院办公厅关于加快林下经济发展的意见》精神，结合我市实际，现提出如下实施意见。

一、总体要求

（一）目标任务。到2027年，全市林下经济利用面积达到300万亩。

遵义市人民政府办公室
2024年7月2日
"""


def test_a_portal_header_states_title_dates_subject_and_number():
    meta = extract_meta(PORTAL)
    assert meta.title == "遵义市人民政府办公室关于加快发展林下经济的实施意见"  # not the 《…》 of the body
    assert meta.doc_number == "遵府办发〔2024〕15号"
    assert meta.issuer == "遵义市人民政府办公室"
    assert meta.date_written == "2024-07-02" and meta.date_published == "2024-07-10"
    assert meta.date == "2024-07-02"  # the document date stays the 成文日期
    assert meta.subject == "农业、林业、水利\\其他"
    assert (meta.region, meta.level) == ("遵义市", "市")


def test_organs_issuing_jointly_are_joined_with_a_slight_pause_mark():
    text = "发文机关：某省民政厅　某省财政厅\n成文日期：2025年06月09日\n发文字号：某民发〔2025〕58号\n\n一、补贴对象\n"
    assert extract_meta(text).issuer == "某省民政厅、某省财政厅"


def test_publication_date_is_the_date_when_nothing_else_is_stated():
    text = "标题：某县关于某事的通知\n发布日期：2024/1/5\n\n一、工作要求\n（一）加快推进。\n"
    meta = extract_meta(text)
    assert (meta.date_written, meta.date_published, meta.date) == (None, "2024-01-05", "2024-01-05")


def test_a_notice_issuing_one_document_takes_its_title_from_the_title_line():
    text = (
        "洛阳市人民政府办公室关于印发洛阳市支持\n文旅消费若干措施的通知\n\n洛政办〔2024〕8号\n\n各县区人民政府：\n\n"
        "根据《河南省促进文旅消费的若干政策》，现将有关措施印发给你们，请认真贯彻执行。\n\n"
        "洛阳市人民政府办公室\n2024年4月1日\n\n洛阳市支持文旅消费若干措施\n\n一、发放消费券。\n"
    )
    meta = extract_meta(text)
    assert meta.title == "洛阳市支持文旅消费若干措施"
    assert meta.doc_number == "洛政办〔2024〕8号"
    assert (meta.region, meta.level) == ("洛阳市", "市")


def test_a_notice_issuing_two_documents_keeps_its_whole_title_line():
    text = (
        "某省财政厅关于印发《甲资金管理办法》和《乙资金管理办法》的通知\n\n某财〔2024〕3号\n\n"
        "各市财政局：现将《甲资金管理办法》和《乙资金管理办法》印发给你们。\n"
    )
    assert extract_meta(text).title == "某省财政厅关于印发《甲资金管理办法》和《乙资金管理办法》的通知"


def test_central_government_documents_have_no_region():
    text = "标题：国务院办公厅关于某事的通知\n发文机关：国务院办公厅\n\n各省、自治区、直辖市人民政府：北京市、上海市要先行先试，北京市率先。\n"
    meta = extract_meta(text)
    assert (meta.level, meta.region) == ("国家", None)


def test_a_central_bodys_regional_office_belongs_to_its_region():
    text = "标题：关于某事的公告\n发文机关：国家税务总局贵州省税务局\n\n一、适用范围\n"
    meta = extract_meta(text)
    assert (meta.level, meta.region) == ("省", "贵州省")


def test_a_region_named_once_in_passing_is_not_the_documents_region():
    text = "某条例\n第一条 香港特别行政区、澳门特别行政区居民和台湾地区居民可以依照本条例申请。\n"
    assert extract_meta(text).region is None


def test_the_doc_number_abbreviation_picks_among_the_regions_named():
    text = "市人民政府关于某事的通知\n洛政〔2024〕3号\n\n郑州市、洛阳市企业均可申报。\n"
    assert extract_meta(text).region == "洛阳市"
    province_only = "省人民政府关于某事的通知\n赣府发〔2024〕1号\n\n各设区市人民政府：全省要抓好落实。\n"
    meta = extract_meta(province_only)
    assert (meta.region, meta.level) == ("江西省", "省")


EXPECTED = {
    "p01": ("四川省人民政府办公厅关于进一步减轻小微企业和个体工商户税费负担的若干措施", "川办发〔2025〕17号", "2025-04-18", "2025-04-25", "四川省", "省"),
    "p02": (
        "浙江省民政厅\u3000浙江省财政厅关于印发《浙江省经济困难老年人养老服务补贴管理规定》和《浙江省居家社区养老服务机构运营补助办法》的通知",
        "浙民养〔2025〕58号", "2025-06-09", "2025-06-16", "浙江省", "省",
    ),
    "p03": (
        "山东省人力资源和社会保障厅\u3000山东省财政厅关于做好2025年高校毕业生等青年就业创业补贴政策落实工作的通知",
        "鲁人社字〔2025〕46号", "2025-03-20", "2025-03-27", "山东省", "省",
    ),
    "p04": ("合肥市人民政府办公室关于印发合肥市2025年家电以旧换新补贴实施细则的通知", "合政办秘〔2025〕6号", "2025-01-22", "2025-01-24", "合肥市", "市"),
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_portal_documents_of_the_second_corpus(stem):
    path = next(OTHER.glob(f"{stem}_*.txt"))
    meta = extract_meta(path.read_text(encoding="utf-8"))
    assert (meta.title, meta.doc_number, meta.date_written, meta.date_published, meta.region, meta.level) == EXPECTED[stem]


def test_no_place_name_is_written_into_the_metadata_code():
    regions = load_regions()
    names = {name for region in regions.regions for name in region.names if len(name) >= 2}
    for module in ("metadata.py", "portal_header.py", "titles.py", "clauses.py", "paragraphs.py"):
        source = (ROOT / "rag" / "corpus" / module).read_text(encoding="utf-8")
        found = sorted(name for name in names if re.search(re.escape(name), source))
        assert not found, (module, found)
