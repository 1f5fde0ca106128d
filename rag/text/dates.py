"""Years, year ranges and dates as written in Chinese policy texts.

Compiled patterns and the string fragments they are built from. Where two readers need
a year or a date in different ways, both patterns are here, side by side, with the
reason they differ; a pattern is shared only where the readings are the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

YEAR_DIGITS = r"(?:19|20)\d\d"  # a year of the last or this century

# A year standing alone: 2025 in 2025年 or 2025-2027, not in 20251 or 12025 (group 1).
YEAR = re.compile(rf"(?<!\d)({YEAR_DIGITS})(?!\d)")
# The same year with a following 年 and the spaces before it, so that the phrase can be
# cut out of a question (2025年和2028年 → 2025年, 2028年; group 1 the year).
YEAR_WITH_UNIT = re.compile(rf"(?<!\d)({YEAR_DIGITS})(?!\d)\s*年?")
# A year as a follow-up question's slot (2025年呢) and the year it replaces in the earlier
# question. Unlike YEAR_WITH_UNIT it does not check what follows the four digits, so it
# also finds the 2000 at the start of 200000; kept as it is until follow-up resolution
# is changed on purpose.
YEAR_SLOT = re.compile(rf"(?<!\d){YEAR_DIGITS}\s*年?")
# A year named with 年 (2025年, 2025 年) anywhere, without a range check: enough to tell
# that a sentence is about some year.
YEAR_MENTION = re.compile(r"\d{4}\s*年")
# A year with 年 and an optional 底/末 (2025年底), for any four digits (group 1 the year):
# the phrase a refusal must not repeat unless a cited clause states that year.
YEAR_PHRASE = re.compile(r"(?<!\d)(\d{4})\s*年(?:底|末)?")
# The target year of a quantified statement (到2028年…): a year of this century before 年
# that does not start a date (2025年3月), or a range ending in one (2026—2028年).
# Group 1 the range's first year (None for a single year), group 2 the (last) year.
# Only 20xx: targets are set for this century, and 19xx figures are history.
TARGET_YEAR = re.compile(rf"(?:(20\d\d)\s*[—－\-–~至到]\s*)?(20\d\d)\s*年(?!\s*\d{{1,2}}\s*月)")

# A period in a title's brackets: （2024—2026年）, (2024-2026); group 1 the range.
YEAR_RANGE = r"\d{4}\s*[—\-－–~～至]+\s*\d{4}\s*年?"
PERIOD = re.compile(rf"[（(]\s*({YEAR_RANGE})\s*[)）]")
PERIOD_AT_END = re.compile(rf"\s*{PERIOD.pattern}\s*$")  # to cut from a title
# A year or a span of years a title names: （2024—2026年） as a bracketed pair, or 2025年 /
# 2024—2026年度 standing free (not in other brackets, not the year of a date: 2025年1月1日).
_TITLE_YEAR = rf"(?:{YEAR_DIGITS}\s*[—\-－–~～至]+\s*)?{YEAR_DIGITS}\s*年度?"
TITLE_YEARS = re.compile(rf"[（(]\s*{_TITLE_YEAR}\s*[)）]|(?<![（(\d]){_TITLE_YEAR}(?!\s*\d{{1,2}}\s*月)")
# ... with the 、/和 that joins it to a next year (2024年度、2025年度工作要点 → 工作要点).
_TITLE_YEARS_JOINED = re.compile(rf"(?:{TITLE_YEARS.pattern})(?:\s*[、和及与]\s*(?={_TITLE_YEAR}))?")


def title_years(title: str) -> list[frozenset[str]]:
    """The numbers of each year or span of years `title` names (（2024—2026年） → {2024, 2026})."""
    return [frozenset(re.findall(r"\d+", years)) for years in TITLE_YEARS.findall(title)]


def title_without_years(title: str, kept: frozenset[str] = frozenset()) -> str:
    """`title` without the years it names (某市2025年……细则 → 某市……细则), all or none:
    unchanged when every such year is in `kept` or when nothing would be left."""
    if all(years <= kept for years in title_years(title)):
        return title
    return _TITLE_YEARS_JOINED.sub("", title).strip() or title

# 某部等7部门关于……: the count of a title's issuers, named without it (等部门) like a year.
_ISSUER_COUNT = re.compile(r"(?<=等)(\d+)个?(?=部门|单位|部委)")


def plain_title(title: str, kept: frozenset[str] = frozenset()) -> str:
    """`title` without the numbers an answer need not repeat: its years (`title_without_years`)
    and the count of its issuers (等7部门 → 等部门), each unless `kept` (the numbers of the text
    cited beside it) holds it: every number an answer states must stand in what it cites."""
    counted = _ISSUER_COUNT.sub(lambda match: match.group(0) if match.group(1) in kept else "", title)
    return title_without_years(counted, kept)


# A full date: 2026年3月5日 (groups: year, month, day).
DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
DATE_LINE = re.compile(rf"^{DATE}$")  # a line that is only a date: the signature date
ISSUED_LINE = re.compile(rf"^{DATE}\s*印发$")  # 2026年3月5日印发: the date of issue
# A date as portal headers print it, in any usual spelling: 2025年04月18日, 2025-04-18,
# 2025/4/18, 2025.04.18 (groups: year, month, day). Searched for, not matched whole, as a
# value may carry a time after it.
HEADER_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
# A date and a time of day (2025/10/23 15:29:03, 2024-09-18 09:30): how a web page stamps when it went online.
DATE_AND_TIME = r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
# A date printed with one separator twice (2024-09-18, 2024/9/18, 2024.09.18), not inside a longer
# number: what a printed date supports in verification (not 2024年1-6月 or 2024.1-2025.6).
PRINTED_DATE = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
# A line that ends in a date, an issuer possibly before it and 印发/发布 after
# (groups: year, month, day, 印发|发布 or None): how the answerer reads a clause's text,
# which may keep the issuer on the same line as the date, where the document head
# reader (DATE_LINE) sees separate lines.
DATED_LINE = re.compile(rf"^\s*\S{{0,24}}?({YEAR_DIGITS})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日\s*(印发|发布)?\s*$")
# A day, as a deadline names it: 3月15日, 5月, or 2026-03-15 / 2026.3.15.
DAY = re.compile(r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}")


def calendar_day(month: int, day: int) -> bool:
    """Whether `month` and `day` can be a day of the calendar (1–12, 1–31): 2024-13-45 is no date."""
    return 1 <= month <= 12 and 1 <= day <= 31


# A year named as one, with 年 (2024年, 2024 年底), and both ends of a span of years
# (2023—2025年): not any four digits (月薪2000元).
_NAMED_YEAR = re.compile(rf"(?<!\d)({YEAR_DIGITS})\s*年")
_YEAR_SPAN = re.compile(rf"(?<!\d)({YEAR_DIGITS})\s*[—\-–~～至到]\s*({YEAR_DIGITS})\s*年")


@lru_cache(maxsize=4096)
def named_years(text: str) -> frozenset[str]:
    """The years `text` names with 年 (2024年, both ends of 2023—2025年), not any four digits
    (月薪2000元). Cached: every clause of an answer reads the same question and labels."""
    return frozenset(_NAMED_YEAR.findall(text)) | frozenset(year for span in _YEAR_SPAN.findall(text) for year in span)
