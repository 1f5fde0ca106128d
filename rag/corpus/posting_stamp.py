"""The posting stamp a web page prints under its title: when the page went online.

    湖北省人民政府办公厅关于……的实施意见
    2025/10/23 15:29:03   湖北省人民政府办公厅      人气:790

A line of the page's head (above the salutation or the first numbered heading) that opens
with a date and a time of day, alone or followed by page furniture (the source, an issuing
organ, a view count), dates the page: when it went online, which a question about the page
asks (网上是哪天发布的), not when the document was signed or issued. A page with a portal
header has its 发布日期 there and no stamp is read. Pure: offsets are into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.chars import HAN_BASIC
from rag.text.dates import DATE_AND_TIME, calendar_day
from rag.text.lines import PAGE_WORDS, split_lines
from rag.text.numbering import find_marker

SCAN_LINES = 30  # a stamp sits under the title, above the text
HEAD_CHARS = 3000  # the lines looked at lie within the text's first characters
POSTED_LABEL = "网页发布时间"  # the stamp's clause label: when the page went online, not when the document was issued
_STAMP = re.compile(
    rf"^(?:发布时间\s*[:：]\s*)?(?P<stamp>{DATE_AND_TIME})"
    # alone, or followed by page furniture: a source, a view count, an issuing organ alone
    rf"(?=\s*$|[ \u3000\xa0].{{0,40}}?(?:{PAGE_WORDS})"
    rf"|[ \u3000\xa0]+[{HAN_BASIC}]{{2,24}}(?:厅|局|委|办|院|部|政府|办公室|委员会)\s*$)"
)


@dataclass(frozen=True)
class PostingStamp:
    """The stamp's date and time as printed, with offsets, and the date in ISO form."""

    start: int
    end: int
    text: str  # 2025/10/23 15:29:03
    date: str  # 2025-10-23


def find_posting_stamp(text: str) -> PostingStamp | None:
    """The posting stamp of the page's head, or None (none before the body starts)."""
    for line in split_lines(text[:HEAD_CHARS])[:SCAN_LINES]:
        content = line.content.strip()
        if content.endswith(("：", ":")) or find_marker(content) is not None:
            return None  # the salutation or a numbered heading: the body has begun
        match = _STAMP.match(line.content)
        if not match:
            continue
        year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
        if not calendar_day(month, day):
            continue
        start = line.start + match.start("stamp")
        return PostingStamp(start, line.start + match.end("stamp"), match.group("stamp"), f"{year:04d}-{month:02d}-{day:02d}")
    return None
