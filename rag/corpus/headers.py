"""The field block government portals print above a document: 索引号, 发文机关, 标题, 发布日期 …

    索引号：002482101/2025-00058
    主题分类：民政、扶贫、救灾\\社会福利
    发文机关：浙江省民政厅　浙江省财政厅
    成文日期：2025年06月09日
    标题：浙江省民政厅　浙江省财政厅关于印发……的通知
    发文字号：浙民养〔2025〕58号
    发布日期：2025年06月16日

Each field line is its own paragraph and its own citable clause (kind "meta", label the
field name), so that an answer about the issuer or the date cites the line that states it.
`header_fields` reads the block into values with their source spans. Pure string work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Field names portals use, with the metadata each one gives.
FIELDS = {
    "索引号": "index", "主题分类": "topic", "主题词": "topic", "发文机关": "issuer", "发布机构": "issuer",
    "发文单位": "issuer", "成文日期": "written", "标题": "title", "名称": "title", "发文字号": "doc_number",
    "文号": "doc_number", "发布日期": "issued", "公布日期": "issued", "公开日期": "issued", "生效日期": "effective",
    "有效性": "validity", "公文种类": "genre", "体裁": "genre",
}
FIELD_LINE = re.compile(r"^\s*(" + "|".join(sorted(FIELDS, key=len, reverse=True)) + r")\s*[：:]\s*(.*?)\s*$")
MIN_FIELDS = 3  # fewer field-like lines at the top are ordinary text
HEAD_LINES = 20


@dataclass(frozen=True)
class HeaderField:
    """One field of the block: its name as printed, what it gives, its value and the value's span."""

    name: str
    key: str  # index | topic | issuer | written | title | doc_number | issued | effective | validity | genre
    value: str
    start: int  # offsets of the value in the source text
    end: int


def is_field_line(content: str) -> bool:
    """True for a line such as `发文机关：浙江省民政厅`."""
    return bool(FIELD_LINE.match(content))


def header_fields(text: str) -> list[HeaderField]:
    """The field block at the top of `text` (blank lines allowed inside); empty when there is none."""
    fields: list[HeaderField] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        content = line.rstrip("\r\n")
        match = FIELD_LINE.match(content)
        if match:
            name, value = match.group(1), match.group(2)
            start = offset + match.start(2)
            fields.append(HeaderField(name, FIELDS[name], value, start, start + len(value)))
        elif content.strip() and (fields or number >= HEAD_LINES):
            break
        offset += len(line)
    return fields if len(fields) >= MIN_FIELDS else []


def field_value(fields: list[HeaderField], key: str) -> str | None:
    """The first value given for `key`, or None."""
    return next((field.value for field in fields if field.key == key and field.value), None)
