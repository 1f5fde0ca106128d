"""The portal header block in its printed forms: colon lines, table rows, keys above values."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.corpus.portal_header import HeaderKey, read_portal_header

ROOT = Path(__file__).resolve().parents[2]

COLON_LINES = """索引号：11330000002482101/2024-00031
主题分类：交通运输\\其他
发文机关：贵州省交通运输厅
成文日期：2024年03月08日
标题：贵州省交通运输厅关于做好农村客运补贴资金发放工作的通知
发文字号：黔交运〔2024〕9号
发布日期：2024年03月15日

贵州省交通运输厅关于做好农村客运补贴资金发放工作的通知
"""

TABLE_ROWS = (
    "首页 > 政策 > 文件库\n"
    "索  引  号：\t000014349/2024-00045\t主题分类：\t城乡建设、环境保护\\其他\n"
    "发文机关：\t国务院办公厅\t成文日期：\t2024年05月23日\n"
    "标　　题：\t国务院办公厅关于推进某项工作的意见\n"
    "发文字号：\t国办发〔2024〕12号\t发布日期：\t2024年05月29日\n"
    "\n国务院办公厅关于推进某项工作的意见\n"
)

KEYS_ABOVE_VALUES = """标题

甘肃省人民政府关于某项工作的通知

发文字号
甘政发〔2023〕5号
主 题 词

有效性
有效

一、总体要求
"""


def _spans(text: str) -> dict[HeaderKey, str]:
    header = read_portal_header(text)
    assert header is not None
    return {field.key: text[field.start : field.end] for field in header.fields if field.value}


def test_colon_lines_give_every_field_with_exact_spans():
    header = read_portal_header(COLON_LINES)
    assert header is not None
    assert header.value(HeaderKey.TITLE) == "贵州省交通运输厅关于做好农村客运补贴资金发放工作的通知"
    assert header.value(HeaderKey.DOC_NUMBER) == "黔交运〔2024〕9号"
    assert header.value(HeaderKey.DATE_PUBLISHED) == "2024年03月15日"
    assert header.value(HeaderKey.SUBJECT) == "交通运输\\其他"
    assert _spans(COLON_LINES)[HeaderKey.ISSUER] == "发文机关：贵州省交通运输厅"
    assert COLON_LINES[header.start : header.end].endswith("发布日期：2024年03月15日")
    assert COLON_LINES[header.end :].startswith("\n\n贵州省交通运输厅关于")


def test_table_rows_with_spaced_keys_and_two_fields_a_row():
    header = read_portal_header(TABLE_ROWS)
    assert header is not None
    spans = _spans(TABLE_ROWS)
    assert spans[HeaderKey.INDEX] == "索  引  号：\t000014349/2024-00045"
    assert spans[HeaderKey.SUBJECT] == "主题分类：\t城乡建设、环境保护\\其他"
    assert spans[HeaderKey.TITLE] == "标　　题：\t国务院办公厅关于推进某项工作的意见"
    assert spans[HeaderKey.DATE_PUBLISHED] == "发布日期：\t2024年05月29日"
    title = header.field(HeaderKey.TITLE)
    assert title is not None and title.text == "标题：国务院办公厅关于推进某项工作的意见"
    assert header.start == TABLE_ROWS.index("索")  # the navigation line above is not part of it


def test_keys_alone_on_their_line_take_the_next_line_and_blank_keys_stay_blank():
    header = read_portal_header(KEYS_ABOVE_VALUES)
    assert header is not None
    assert header.value(HeaderKey.TITLE) == "甘肃省人民政府关于某项工作的通知"
    assert header.value(HeaderKey.DOC_NUMBER) == "甘政发〔2023〕5号"
    assert header.value(HeaderKey.VALIDITY) == "有效"
    assert header.value(HeaderKey.KEYWORDS) is None  # 主 题 词 printed with nothing after it
    assert _spans(KEYS_ABOVE_VALUES)[HeaderKey.TITLE] == "标题\n\n甘肃省人民政府关于某项工作的通知"
    assert "一、总体要求" not in KEYS_ABOVE_VALUES[header.start : header.end]


def test_a_blank_last_key_does_not_swallow_the_first_heading():
    text = "标题：某市关于某事的通知\n发文字号：某政〔2024〕1号\n有效性\n一、总体要求\n（一）加快发展。\n"
    header = read_portal_header(text)
    assert header is not None and header.value(HeaderKey.VALIDITY) is None
    assert text[header.end :].startswith("\n一、总体要求")


def test_keys_separated_from_values_by_spaces():
    text = "发文机关 某省人民政府  成文日期 2024-03-01\n标题 某省关于某事的意见\n\n一、总体要求\n"
    header = read_portal_header(text)
    assert header is not None
    assert header.value(HeaderKey.ISSUER) == "某省人民政府"
    assert header.value(HeaderKey.DATE_WRITTEN) == "2024-03-01"
    assert header.value(HeaderKey.TITLE) == "某省关于某事的意见"


@pytest.mark.parametrize(
    "text",
    [
        "标题：关于某事的通知\n\n一、总体要求\n",  # one key: a line of the body
        "一、总体要求\n本办法所称标题：指文件名称。\n发布日期：2024年1月1日\n",  # keys not where a cell starts
        "序号\t名称\t标准\n1\t补贴\t500元\n",  # a table whose first cell is no key
    ],
)
def test_no_header_without_a_block_of_keys(text):
    assert read_portal_header(text) is None


def test_the_seed_documents_have_no_portal_header():
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        assert read_portal_header(path.read_text(encoding="utf-8")) is None, path.name
