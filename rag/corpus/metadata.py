"""Document metadata read from the text itself: title, 文号, issuer, dates, level, region, kind.

Pure functions over the decoded text; a field is None where the document does not say.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.corpus.headers import field_value, header_fields, is_field_line
from rag.text.chars import HAN_BASIC
from rag.text.dates import DATE_LINE, ISSUED_LINE
from rag.text.doc_numbers import printed_doc_number
from rag.text.lines import split_lines
from rag.types import DocMeta

HEAD_LINES = 30
_NOTICE_TITLE = re.compile(r"现将《(.+?)》|《(.+?)》已经")
_PRINTED_TITLE = re.compile(r"关于印发(.+?)的通知")
_ISSUER_BEFORE_GUANYU = re.compile(rf"^([{HAN_BASIC}]{{2,20}}?(?:办公厅|办公室|人民政府|厅|局|委员会|委))关于")
_ISSUER_LINE = re.compile(rf"^[{HAN_BASIC}]{{2,20}}(办公厅|办公室|人民政府|厅|局|委员会)$")
_NEWS_SOURCE = re.compile(rf"([{HAN_BASIC}]{{2,8}}(?:日报|晚报|新闻|电视台|网))讯")
PROVINCES_FILE = Path(__file__).resolve().parent.parent / "data" / "provinces.tsv"
# A city or province named with its level: 合肥市, 浙江省, 广西壮族自治区.
_PLACE = re.compile(rf"([{HAN_BASIC}]{{1,8}}?(?:省|市|自治区|特别行政区))")
_FUNCTION_CHARS = "已经由在向对和与及并等将被把从为"  # characters that start phrases, not place names
# In running text a place counts where an organisation of it is named (武汉市科技创新局, 湖北省人民政府).
_PLACE_ORGAN = re.compile(
    rf"(?<![{HAN_BASIC}])([^{_FUNCTION_CHARS}\W][{HAN_BASIC}]{{1,2}}(?:省|市))(?:人民政府|政府|委员会|[{HAN_BASIC}]{{1,8}}?(?:局|厅|委|办))"
)


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Full name → one-character abbreviation of each provincial-level division (package data)."""
    rows = [line.split("\t") for line in PROVINCES_FILE.read_text(encoding="utf-8").splitlines()]
    return {row[0]: row[1] for row in rows if len(row) == 2 and not row[0].startswith("#")}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _iso(match: re.Match[str]) -> str:
    year, month, day = (int(group) for group in match.groups()[:3])
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_doc_number(text: str) -> str | None:
    """The first 文号 in the document head, whitespace removed (e.g. 武政办〔2026〕21号)."""
    head = "\n".join(line.content for line in split_lines(text)[:HEAD_LINES])
    return printed_doc_number(head)


def _title(lines: list[str]) -> str | None:
    """The title line; a notice issuing one document is titled by that document, a notice
    issuing several (印发《A》和《B》的通知) by its own title line."""
    joined = "\n".join(lines[:HEAD_LINES])
    printed = _PRINTED_TITLE.search(_compact(joined))
    if printed and printed.group(1).count("《") <= 1:
        return printed.group(1).strip("《》")
    title_line = next(
        (_compact(line) for line in lines[:HEAD_LINES] if "关于" in line and len(line) <= 80 and not line.endswith(("。", "：", ":"))),
        None,
    )
    if title_line:
        return title_line
    quoted = _NOTICE_TITLE.search(_compact(joined))
    if quoted:
        return quoted.group(1) or quoted.group(2)
    candidates = [line for line in lines[:5] if 4 <= len(line) <= 60 and not line.endswith("。")]
    return candidates[0].strip() if candidates else None


def _issuer(lines: list[str]) -> str | None:
    for line in lines[:HEAD_LINES]:
        compact = _compact(line)
        if _ISSUER_LINE.match(compact) and not compact.endswith("文件"):
            return compact
    for line in lines[:HEAD_LINES]:
        match = _ISSUER_BEFORE_GUANYU.match(_compact(line))
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
        compact = line.strip()
        issued_match = ISSUED_LINE.match(compact)
        if issued_match and issued is None:
            issued = _iso(issued_match)
            continue
        date_match = DATE_LINE.match(compact)
        if date_match and written is None:
            written = _iso(date_match)
    return written, issued


def _region(doc_number: str | None, issuer: str | None, title: str | None, text: str) -> str | None:
    """The place a document is issued for: named at the start of its issuer or title, else the
    province of its 文号's abbreviation (鄂政办 → 湖北省), else the place its text names most."""
    for candidate in (issuer, title):
        match = _PLACE.match(_compact(candidate or ""))
        if match:
            return match.group(1)
    if doc_number:
        for name, abbreviation in provinces().items():
            if doc_number.startswith(abbreviation):
                return name
    counts: dict[str, int] = {}
    for match in _PLACE_ORGAN.finditer(text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def _level(region: str | None, issuer: str | None) -> str | None:
    if issuer and issuer.startswith(("国务院", "国家")):
        return "国家"
    if region is None:
        return None
    return "省" if region.endswith("省") else "市"


def _field_date(value: str | None) -> str | None:
    """`2025年06月16日` or `2025-06-16` as ISO, from a header field."""
    match = re.search(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})", value or "")
    return _iso(match) if match else None


def extract_meta(text: str) -> DocMeta:
    """Metadata the document states about itself; a portal field block, when present, wins."""
    fields = header_fields(text)
    lines = [line.content for line in split_lines(text) if not line.furniture and not is_field_line(line.content)]
    doc_number = field_value(fields, "doc_number") or find_doc_number(text)
    title = field_value(fields, "title") or _title(lines)
    issuer = re.sub(r"\s+", "、", (field_value(fields, "issuer") or "").strip()) or _issuer(lines)
    written, issued = _dates(lines)
    written = _field_date(field_value(fields, "written")) or written
    issued = _field_date(field_value(fields, "issued")) or issued
    region = _region(doc_number, issuer, title, text)
    is_news = doc_number is None and bool(re.search(r"记者|通讯员|日报讯", text[:3000]))
    return DocMeta(
        title=title,
        doc_number=doc_number,
        issuer=issuer,
        date_written=written,
        date_issued=issued,
        level=_level(region, issuer),
        region=region,
        kind="news" if is_news else "policy",
        topic=field_value(fields, "topic"),
    )
