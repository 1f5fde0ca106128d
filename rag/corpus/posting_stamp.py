"""The posting stamp a web page prints under its title: when the page went online.

    湖北省人民政府办公厅关于……的实施意见
    2025/10/23 15:29:03   湖北省人民政府办公厅      人气:790

A line near the top that starts with a date and a time of day (the rest may name the
source and count views) is page furniture for the text, but its date is the page's
发布日期: when the page went online, which a question about the page asks (网上是哪天发布的),
not when the document was signed or issued. Pure: offsets are into the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.lines import split_lines

SCAN_LINES = 30  # a stamp sits under the title, above the text
POSTED_LABEL = "网页发布时间"  # the stamp's clause label: when the page went online, not when the document was issued
# A date (2025/10/23, 2025-10-23, 2025年10月23日) and a time of day (15:29, 15:29:03) opening a line.
_STAMP = re.compile(
    r"^(?:(?:发布|更新)?(?:时间|日期)\s*[:：]\s*)?"
    r"(?P<stamp>(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)"
)


@dataclass(frozen=True)
class PostingStamp:
    """The stamp's date and time as printed, with offsets, and the date in ISO form."""

    start: int
    end: int
    text: str  # 2025/10/23 15:29:03
    date: str  # 2025-10-23


def find_posting_stamp(text: str) -> PostingStamp | None:
    """The first posting stamp among the first lines of `text`, or None."""
    for line in split_lines(text)[:SCAN_LINES]:
        match = _STAMP.match(line.content)
        if not match:
            continue
        year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        start = line.start + match.start("stamp")
        return PostingStamp(start, line.start + match.end("stamp"), match.group("stamp"), f"{year:04d}-{month:02d}-{day:02d}")
    return None
