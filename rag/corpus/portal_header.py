"""The information block government portals print above a document.

    索引号：11510000MB1E51703K/2025-00031
    主题分类：财政、金融、审计\\税务
    发文机关：某省人民政府办公厅
    成文日期：2025年04月18日
    标题：某省人民政府办公厅关于……的若干措施
    发文字号：某办发〔2025〕17号
    发布日期：2025年04月25日

Keys may be spaced out (索  引  号, 标　　题), followed by a colon, spaces or a tab, and
several may share a line (a table row: 发文机关：<tab>国务院<tab>成文日期：<tab>…); a key
alone on its line takes the next line as its value. Pure: offsets are into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from rag.text.lines import Line, split_lines
from rag.text.numbering import find_marker

SCAN_LINES = 60  # a header starts within the first lines (after a page's navigation)
MIN_KEYS = 2  # one 标题： line alone is body text, not a header


class HeaderKey(StrEnum):
    """A field of a portal header, named as portals most often print it."""

    INDEX = "索引号"
    SUBJECT = "主题分类"
    ISSUER = "发文机关"
    DATE_WRITTEN = "成文日期"
    TITLE = "标题"
    DOC_NUMBER = "发文字号"
    DATE_PUBLISHED = "发布日期"
    KEYWORDS = "主题词"
    GENRE = "体裁分类"
    EFFECTIVE = "生效日期"
    EXPIRES = "失效日期"
    VALIDITY = "有效性"

    @property
    def slug(self) -> str:
        """The key as an ASCII clause id part (`header.title`)."""
        return self.name.lower().replace("_", "-")


# Other names portals print for the same field.
_ALIASES: dict[HeaderKey, tuple[str, ...]] = {
    HeaderKey.INDEX: ("索引号",),
    HeaderKey.SUBJECT: ("主题分类", "主题类别", "组配分类"),
    HeaderKey.ISSUER: ("发文机关", "发文单位", "发布机构", "发布机关", "制发机关"),
    HeaderKey.DATE_WRITTEN: ("成文日期", "成文时间"),
    HeaderKey.TITLE: ("标题", "名称", "文件名称"),
    HeaderKey.DOC_NUMBER: ("发文字号", "文号"),
    HeaderKey.DATE_PUBLISHED: ("发布日期", "发布时间", "公开日期", "公布日期"),
    HeaderKey.KEYWORDS: ("主题词", "关键词"),
    HeaderKey.GENRE: ("体裁分类", "公文种类", "文种"),
    HeaderKey.EFFECTIVE: ("生效日期", "实施日期", "施行日期"),
    HeaderKey.EXPIRES: ("失效日期", "废止日期"),
    HeaderKey.VALIDITY: ("有效性", "时效性", "效力状态"),
}
_GAP = r"[ \t\u3000]*"


@lru_cache(maxsize=1)
def _key_pattern() -> re.Pattern[str]:
    """A key where a cell starts (line start, after a tab or a wide gap) and what separates it from its value."""
    spelled = sorted(((alias, key) for key, aliases in _ALIASES.items() for alias in aliases), key=lambda item: -len(item[0]))
    alternatives = "|".join(_GAP.join(re.escape(char) for char in alias) for alias, _ in spelled)
    return re.compile(rf"(?:^|(?<=\t)|(?<=[ \u3000]{{2}}))({alternatives})(?:{_GAP}[：:]{_GAP}|[ \t\u3000]+|$)")


def _key_of(written: str) -> HeaderKey:
    compact = re.sub(r"[ \t\u3000]", "", written)
    return next(key for key, aliases in _ALIASES.items() if compact in aliases)


@dataclass(frozen=True)
class HeaderField:
    """One key and its value, with offsets into the text."""

    key: HeaderKey
    written: str  # the key as printed, e.g. 标　　题
    value: str  # stripped; empty when the portal left it blank
    start: int  # the key's first character
    end: int  # just past the value (past the key when the value is empty)
    separator: str  # the colon as printed, or "" when spaces, a tab or a line break separate

    @property
    def text(self) -> str:
        """The field as a reader sees it: key, colon, value (spaces inside the key dropped)."""
        key = re.sub(r"[ \t\u3000]", "", self.written)
        return f"{key}{self.separator or ' '}{self.value}" if self.value else key


@dataclass(frozen=True)
class PortalHeader:
    """The header block: its fields in order and the span they cover."""

    fields: tuple[HeaderField, ...]

    @property
    def start(self) -> int:
        return self.fields[0].start

    @property
    def end(self) -> int:
        return max(field.end for field in self.fields)

    def field(self, key: HeaderKey) -> HeaderField | None:
        """The first field of `key` that has a value."""
        return next((field for field in self.fields if field.key == key and field.value), None)

    def value(self, key: HeaderKey) -> str | None:
        found = self.field(key)
        return found.value if found else None


@dataclass
class _Pending:
    """A key whose value is on the next line."""

    match: re.Match[str]
    line: Line


def _line_fields(line: Line) -> list[re.Match[str]] | None:
    """The keys of a header line, or None when the line is not one (text before its first key)."""
    matches = list(_key_pattern().finditer(line.content))
    if not matches or matches[0].start() != 0:
        return None
    return matches


def _field(match: re.Match[str], line: Line, value: str, value_start: int) -> HeaderField:
    written = match.group(1)
    separator = re.sub(r"[ \t\u3000]", "", match.group(0)[len(written) :])
    stripped = value.strip()
    lead = len(value) - len(value.lstrip())
    end = value_start + lead + len(stripped) if stripped else line.start + match.start(1) + len(written)
    return HeaderField(_key_of(written), written, stripped, line.start + match.start(1), end, separator)


def _fields_of_line(line: Line, matches: list[re.Match[str]]) -> tuple[list[HeaderField], _Pending | None]:
    fields: list[HeaderField] = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(line.content)
        value = line.content[match.end() : stop]
        if not value.strip() and index == len(matches) - 1:
            return fields, _Pending(match, line)
        fields.append(_field(match, line, value, line.start + match.end()))
    return fields, None


def _may_be_value(content: str) -> bool:
    """Whether a line can be the value of a key printed alone above it: not a numbered
    heading or a sentence of the body (一、总体要求, 各区人民政府：)."""
    return find_marker(content.strip()) is None and not content.rstrip().endswith(("。", "：", ":", "；"))


def _collect(lines: list[Line]) -> list[HeaderField]:
    """Fields of consecutive header lines from the first one; stops at the first other line."""
    fields: list[HeaderField] = []
    pending: _Pending | None = None
    for line in lines:
        matches = _line_fields(line)
        if matches is None and pending is not None and _may_be_value(line.content):
            field = _field(pending.match, pending.line, line.content, line.start)
            fields.append(field if field.separator else replace(field, separator="\n"))
            pending = None
            continue
        if matches is None:
            break
        if pending is not None:  # a key left blank, followed by the next key
            fields.append(_field(pending.match, pending.line, "", 0))
        found, pending = _fields_of_line(line, matches)
        fields.extend(found)
    if pending is not None:
        fields.append(_field(pending.match, pending.line, "", 0))
    return fields


def read_portal_header(text: str) -> PortalHeader | None:
    """The portal header block near the top of `text`, or None when there is none."""
    lines = [line for line in split_lines(text)[:SCAN_LINES] if not line.furniture]
    for index, line in enumerate(lines):
        if _line_fields(line) is None:
            continue
        fields = _collect(lines[index:])
        if len({field.key for field in fields}) >= MIN_KEYS:
            return PortalHeader(tuple(fields))
        return None  # the first key-like line decides: a lone 标题： is body text
    return None
