"""Document metadata read from the text itself: title, 文号, issuer, dates, level, region, kind.

Pure functions over the decoded text; a field is None where the document does not say.
A portal header block (索引号 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期) is what the
portal states about the document and wins over what is read from the head of the text; without
a header, a web page's posting stamp (2025/10/23 15:29:03 under the title) gives the 发布日期.
Regions come from the general data file of `rag.text.regions`, never from a corpus list.
"""

from __future__ import annotations

import re
from collections import Counter

from rag.corpus.portal_header import HeaderKey, PortalHeader, read_portal_header
from rag.corpus.posting_stamp import find_posting_stamp
from rag.corpus.titles import compact, issuing_title
from rag.text.chars import HAN_BASIC
from rag.text.dates import DATE_LINE, HEADER_DATE, ISSUED_LINE
from rag.text.doc_numbers import printed_doc_number
from rag.text.lines import split_lines
from rag.text.regions import Region, RegionKind, load_regions
from rag.types import DocMeta

HEAD_LINES = 30
MIN_MENTIONS = 2  # a region named once in passing is not what a document is about
_ISSUER_BEFORE_GUANYU = re.compile(rf"^([{HAN_BASIC}]{{2,20}}?(?:办公厅|办公室|人民政府|厅|局|委员会|委))关于")
_ISSUER_LINE = re.compile(rf"^[{HAN_BASIC}]{{2,20}}(办公厅|办公室|人民政府|厅|局|委员会)$")
_NEWS_SOURCE = re.compile(rf"([{HAN_BASIC}]{{2,8}}(?:日报|晚报|新闻|电视台|网))讯")
_DOC_NUMBER_CODE = re.compile(r"^([^〔［\[（(]+)")
# Issuers and 文号 of the central government: such a document has no region.
_NATIONAL_ISSUERS = ("国务院", "国家", "中共中央", "全国人民代表大会", "全国人大", "最高人民法院", "最高人民检察院")
_NATIONAL_CODES = ("国发", "国办", "国函", "国令")
_MINISTRY_ENDINGS = ("部", "总局", "总署")


def _iso(match: re.Match[str]) -> str:
    year, month, day = (int(group) for group in match.groups()[:3])
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_doc_number(text: str) -> str | None:
    """The first 文号 in the document head, whitespace removed (e.g. 川办发〔2025〕17号)."""
    head = "\n".join(line.content for line in split_lines(text)[:HEAD_LINES])
    return printed_doc_number(head)


def _title(lines: list[str]) -> str | None:
    """The title line: for a notice issuing one document, that document's title (the
    notice exists to issue it); for a notice issuing several, the whole title line."""
    issuing = issuing_title(lines[:HEAD_LINES])
    if issuing:
        return issuing.issued[0] if len(issuing.issued) == 1 else issuing.line
    for line in lines[:HEAD_LINES]:
        if "关于" in line and len(line) <= 60 and not line.endswith(("。", "：", ":")):
            return compact(line)
    candidates = [line for line in lines[:5] if 4 <= len(line) <= 60 and not line.endswith("。")]
    return candidates[0].strip() if candidates else None


def _issuer(lines: list[str]) -> str | None:
    for line in lines[:HEAD_LINES]:
        name = compact(line)
        if _ISSUER_LINE.match(name) and not name.endswith("文件"):
            return name
    for line in lines[:HEAD_LINES]:
        match = _ISSUER_BEFORE_GUANYU.match(compact(line))
        if match and not match.group(1).startswith(("市", "省")):
            return match.group(1)
    for line in lines[:HEAD_LINES]:
        news = _NEWS_SOURCE.search(line)
        if news:
            return news.group(1)
    return None


def _dates(lines: list[str]) -> tuple[str | None, str | None]:
    written = issued = None
    for line in lines:
        stripped = line.strip()
        issued_match = ISSUED_LINE.match(stripped)
        if issued_match and issued is None:
            issued = _iso(issued_match)
            continue
        date_match = DATE_LINE.match(stripped)
        if date_match and written is None:
            written = _iso(date_match)
    return written, issued


def _iso_date(value: str | None) -> str | None:
    """A header date (2025年04月18日, 2025-04-18, 2025/4/18) as yyyy-mm-dd."""
    match = HEADER_DATE.search(value or "")
    return _iso(match) if match else None


def _national(issuer: str | None, doc_number: str | None) -> bool:
    """Whether the document comes from the central government (国务院, 国家…局, a ministry);
    a central body's office in a region (国家税务总局…省税务局) is that region's."""
    if issuer and load_regions().first_named(issuer) is not None:
        return False
    if doc_number and doc_number.startswith(_NATIONAL_CODES):
        return True
    return bool(issuer) and (issuer.startswith(_NATIONAL_ISSUERS) or issuer.endswith(_MINISTRY_ENDINGS))


def _region(doc_number: str | None, issuer: str | None, title: str | None, text: str) -> Region | None:
    """The region the document is about: the one its issuer or title names, else the one its
    文号 abbreviation stands for among the regions it names, else the one it names most."""
    regions = load_regions()
    for candidate in (issuer, title):
        found = regions.first_named(candidate) if candidate else None
        if found:
            return found
    counts = regions.counts(text)
    code = _DOC_NUMBER_CODE.match(doc_number) if doc_number else None
    if code:
        candidates = regions.for_doc_number(code.group(1))
        named = [region for region in candidates if counts[region]]
        if named:
            return max(named, key=lambda region: counts[region])
        provinces = [region for region in candidates if region.provincial]
        if len(provinces) == 1 and not counts:
            return provinces[0]
    return _most_named(counts)


def _most_named(counts: Counter[Region]) -> Region | None:
    """The region a text names most, when it names it repeatedly and more than any other
    (a national law that names a few regions once each is about none of them)."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_MENTIONS:
        return None
    if len(ranked) == 2 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _level(region: Region | None, national: bool) -> str | None:
    if national:
        return "国家"
    if region is None:
        return None
    # 直辖市 are written and filed as cities (…市), though ranked as provinces.
    return "省" if region.provincial and region.kind != RegionKind.MUNICIPALITY else "市"


def _header_value(header: PortalHeader | None, key: HeaderKey) -> str | None:
    return header.value(key) if header else None


def _joint_issuers(value: str | None) -> str | None:
    """A header's issuer; organs that issue jointly, printed apart (某省民政厅　某省财政厅), joined with 、."""
    return re.sub(r"[ \t\u3000]+", "、", value.strip()) if value else None


def _posted(text: str) -> str | None:
    """The date of a web page's posting stamp (2025/10/23 15:29:03 under the title), if it prints one."""
    stamp = find_posting_stamp(text)
    return stamp.date if stamp else None


def extract_meta(text: str) -> DocMeta:
    """Metadata the document states about itself (its portal header first, then its head)."""
    header = read_portal_header(text)
    body = text[header.end :] if header else text
    lines = [line.content for line in split_lines(body) if not line.furniture]
    number = _header_value(header, HeaderKey.DOC_NUMBER)
    doc_number = compact(number) if number else find_doc_number(body)
    title = _header_value(header, HeaderKey.TITLE) or _title(lines)
    issuer = _joint_issuers(_header_value(header, HeaderKey.ISSUER)) or _issuer(lines)
    written, issued = _dates(lines)
    national = _national(issuer, doc_number)
    region = None if national else _region(doc_number, issuer, title, text)
    is_news = doc_number is None and header is None and bool(re.search(r"记者|通讯员|日报讯", text[:3000]))
    return DocMeta(
        title=title,
        doc_number=doc_number,
        issuer=issuer,
        date_written=_iso_date(_header_value(header, HeaderKey.DATE_WRITTEN)) or written,
        date_issued=issued,
        date_published=_iso_date(_header_value(header, HeaderKey.DATE_PUBLISHED)) if header else _posted(text),
        subject=_header_value(header, HeaderKey.SUBJECT),
        level=_level(region, national),
        region=region.name if region else None,
        kind="news" if is_news else "policy",
    )
