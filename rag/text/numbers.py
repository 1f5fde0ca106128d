"""Numbers in Chinese text: Arabic and Chinese numerals, units, and the quantities they form.

- `extract_numbers` / `normalize_number`: the numbers written in Arabic digits, as the
  evaluation metrics compare them (Chinese numerals left out on purpose, see
  rag.evaluation.metrics).
- `chinese_number`: the lenient value of a heading number (一、 （十二） 第一百零五条).
- `parse_chinese_number`: the strict value of a Chinese numeral (二十万 → 200000, 三点五 →
  3.5); None for what is not a well-formed numeral (十四五, 一五).
- `find_quantities`: sums of money, durations and percentages in either kind of numeral,
  with their values and spans (二十万元 → 200000 元, 百分之十五 → 15 %).
- The unit vocabularies and the number-with-unit patterns of the index, the answerers
  and the consistency check. They differ on purpose, each for what its reader needs;
  alternations are built longest first (`alternation`) so that 亿元 wins over 亿.

Pure functions; no other module of the package is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from rag.text.chars import fold

# ---------------------------------------------------------------- numerals

ARABIC = r"\d+(?:\.\d+)?"  # an Arabic number, decimals allowed
ARABIC_OR_RANGE = rf"{ARABIC}(?:\s*[—－\-–~～]\s*{ARABIC})?"  # 3—5 as well as 3
CN_DIGITS = "零〇一二三四五六七八九十百千两"  # the characters of heading numbers (numbering)
CN_NUMERAL = CN_DIGITS + "万亿"  # ... and of amounts
NUMERAL = rf"(?:{ARABIC}|[{CN_NUMERAL}]+)"  # a number in digits or in Chinese numerals: 10, 十, 二十万
CN_AMOUNT_DIGITS = "一二三四五六七八九十百千万两"  # what the answerers' amount patterns accept
# A Chinese numeral that reads as a quantity: not a bare 一, which in policy texts starts
# words (一网统管, 一批) far more often than it counts.
CN_QUANTITY = r"[两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*|一[十百千][零〇一二两三四五六七八九十百千]*"

_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = (("亿", 10**8), ("万", 10**4))


def chinese_number(text: str) -> int:
    """Value of a Chinese numeral such as 十二 or 一百零五 (Arabic digits pass through).

    Lenient, for the numbers of headings: any run of numeral characters gets a value
    (十四五 gives 15). `parse_chinese_number` is the strict reading of amounts.
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _DIGIT_VALUES:
            current = _DIGIT_VALUES[char]
        elif char in _SMALL_UNITS:
            total += (current or 1) * _SMALL_UNITS[char]
            current = 0
    return total + current


def chinese_numeral(number: int) -> str:
    """`number` (1–9999) in Chinese numerals as documents number their articles: 19 → 十九,
    105 → 一百零五, 1260 → 一千二百六十."""
    if not 0 < number < 10000:
        return str(number)
    digits, places = "零一二三四五六七八九", ("千", "百", "十", "")
    out, zero = "", False
    for place, digit in zip(places, f"{number:04d}"):
        if digit == "0":
            zero = bool(out)
            continue
        out += ("零" if zero else "") + digits[int(digit)] + place
        zero = False
    return out[1:] if out.startswith("一十") else out


def parse_chinese_number(text: str) -> int | float | None:
    """Value of the Chinese numeral `text`, or None when it is not a well-formed numeral.

    Reads 三 → 3, 十五 → 15, 两千 → 2000, 一百零五 → 105, 二十万 → 200000, 一千五 →
    1500 (a trailing digit counts in the unit below the last one), 一万五 → 15000,
    三点五 → 3.5, 一点五亿 → 150000000, 千亿 → 10**11, and three or more bare digits
    digit by digit (二〇二五 → 2025). Rejects 十四五 (a plan's name, not a number), 三五
    (three or five), 百百, 万 and anything else.
    """
    if not text:
        return None
    whole, dot, fraction = text.partition("点")
    if dot:
        return _decimal_numeral(whole, fraction)
    return _integer_numeral(text)


def _decimal_numeral(whole: str, fraction: str) -> int | float | None:
    """三点五 → 3.5, 一点五亿 → 150000000: digits after 点, then an optional 万/亿/万亿."""
    magnitude = 1
    for unit in ("万亿", "亿", "万"):
        if fraction.endswith(unit):
            fraction, magnitude = fraction[: -len(unit)], _integer_numeral("一" + unit) or 1
            break
    head = _integer_numeral(whole)
    if head is None or not fraction or any(char not in _DIGIT_VALUES for char in fraction):
        return None
    digits = "".join(str(_DIGIT_VALUES[char]) for char in fraction)
    return _plain((Decimal(head) + Decimal(f"0.{digits}")) * magnitude)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _integer_numeral(text: str) -> int | None:
    if text in ("零", "〇"):
        return 0
    if len(text) >= 3 and all(char in _DIGIT_VALUES for char in text):
        return int("".join(str(_DIGIT_VALUES[char]) for char in text))  # 二〇二五
    return _below(text, 0)


def _below(text: str, level: int) -> int | None:
    """Value of `text` read with the big units from `_BIG_UNITS[level]` down (亿, then 万)."""
    if level == len(_BIG_UNITS):
        return _section(text)
    unit, size = _BIG_UNITS[level]
    head, found, tail = text.partition(unit)
    if not found:
        return _below(text, level + 1)
    high = _below(head, level + 1) if head else None
    if high is None:
        return None
    if not tail:
        return high * size
    if len(tail) == 1 and tail in _DIGIT_VALUES and tail not in "零〇":  # 一万五: 15000
        return high * size + _DIGIT_VALUES[tail] * size // 10
    low = _below(tail.removeprefix("零").removeprefix("〇"), level + 1)
    return None if low is None or low >= size else high * size + low


def _section(text: str) -> int | None:
    """Value of a numeral below 10000 (千, 百, 十 and digits, 零 as a filler), or None."""
    total, digit, last_unit, zero = 0, None, 10**4, False
    for char in text:
        if char in "零〇":
            if digit is not None or zero:
                return None
            zero = True
        elif char in _DIGIT_VALUES:
            if digit is not None:
                return None
            digit = _DIGIT_VALUES[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_unit or (digit is None and (zero or total)):
                return None
            total, digit, last_unit, zero = total + (1 if digit is None else digit) * unit, None, unit, False
        else:
            return None
    if digit is None:
        return None if zero or not text else total
    if zero or last_unit == 10**4:
        return total + digit
    return total + digit * last_unit // 10  # 一千五: the 五 counts hundreds


# ---------------------------------------------------------------- Arabic numbers

# Citation markers such as [1] or [1,2] are references, not numbers of the text.
_MARKER = re.compile(r"\[\s*\d+(?:\s*[,，、]\s*\d+)*\s*\]")
_NUMBER = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?", re.ASCII)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def normalize_number(raw: str) -> str:
    """Canonical form of a matched number: no thousands commas, no leading zeros,
    no trailing decimal zeros ("2,000" → "2000", "1.50" → "1.5", "05" → "5")."""
    whole, _, fraction = raw.replace(",", "").partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def extract_numbers(text: str) -> frozenset[str]:
    """The distinct numbers written in Arabic digits in `text`, normalized.

    Full-width digits count as digits; a comma is a thousands separator only before
    exactly three digits ("2,000"); ranges split into their ends ("3—5" → 3 and 5);
    units and suffixes are dropped ("2000亿元" → 2000, "5G" → 5, "60%" → 60).
    Citation markers like "[1]" are removed first.
    """
    plain = _MARKER.sub(" ", text.translate(_FULL_WIDTH))
    return frozenset(normalize_number(match) for match in _NUMBER.findall(plain))


# ---------------------------------------------------------------- units


def alternation(units: Iterable[str]) -> str:
    """A regex alternation of `units`, longest first, so that 亿元 is tried before 亿."""
    return "|".join(re.escape(unit) for unit in sorted(set(units), key=lambda unit: (-len(unit), unit)))


MONEY_UNITS = frozenset({"亿元", "万元", "千元", "元", "亿美元", "万美元"})
RATE_SIGNS = frozenset({"%", "‰"})
COUNTERS = "个家款项名条所座"  # measure words of counted things, one character each

# Units joined to the number before them as one more index token (2000亿元, 1500家).
INDEX_UNITS = frozenset(
    "亿元 万元 千元 元 亿美元 万美元 美元 亿 万 千 百 个 家 款 项 年 月 日 天 小时 分钟 人 人次 万人 名 "
    "次 所 座 条 台 套 种 批 件 位 户 张 辆 艘 架 栋 间 层 级 倍 成 吨 万吨 公斤 千克 千瓦 兆瓦 "
    "万千瓦 千瓦时 度 公里 千米 米 平方米 平方公里 万平方米 亩 万亩 公顷 立方米 岁 周 期 轮 届 "
    "床 片 园 区 村 镇 校 号".split()
)
# Units kept with a number when an answer's claim is checked against its sources
# (`20家` must stand in the source, not just `20`). Without 万人 and 千瓦: the check
# reads 5万人 as 5万 and 10千瓦 as 10千.
CLAIM_UNITS = frozenset(
    "亿元 万元 千元 元 亿美元 万美元 美元 亿 万 千 百 个 家 款 项 年 月 日 天 小时 人次 人 名 次 所 座 条 "
    "台 套 种 批 件 位 户 张 辆 倍 吨 兆瓦 公里 平方米 平方公里 亩 公顷 岁 周 期 届 % ‰ p t g".split()
)
# Units that make a sentence state a figure (evidence for 多少 questions).
FIGURE_UNITS = (
    frozenset({"亿元", "万元", "元", "亿", "万", "台", "套", "人", "次", "p", "倍", "亩", "公里", "辆", "批", "种", "类", "户", "件"})
    | frozenset(COUNTERS)
    | RATE_SIGNS
)
COUNT_UNITS = FIGURE_UNITS | {"t", "位", "张"}  # ... and near the head noun of what is counted
# Units of a quantified target in the consistency check: things counted, and measures.
TARGET_COUNT_UNITS = frozenset("个 家 款 项 名 座 所 条 台 套 架 支 张 种 部 场 处 辆 艘".split())
TARGET_MEASURE_UNITS = frozenset("元 P % ％ 公里 小时 吨 亩".split())

# ---------------------------------------------------------------- number-with-unit patterns

# An Arabic number and the claim unit after it (group 1, group 2 or None); text normalized.
NUMBER_WITH_UNIT = re.compile(rf"(?<![\d.])({ARABIC})(?:\s*({alternation(CLAIM_UNITS)}))?")
# An amount in Chinese numerals with its unit (一百万元, 两千家): group 1 numeral, group 2 unit.
CHINESE_AMOUNT = re.compile(rf"([{CN_NUMERAL}]{{2,}})\s*(亿元|万元|元|家|个|项|款|%)")
# A figure with a unit (evidence that a sentence states a number).
FIGURE = re.compile(rf"{ARABIC}\s*(?:{alternation(FIGURE_UNITS)})")
# A sum of money or a rate, in digits or Chinese numerals.
MONEY_FIGURE = re.compile(
    rf"{ARABIC}\s*(?:{alternation(MONEY_UNITS | RATE_SIGNS)})|百分之[零一二三四五六七八九十百]+"
    rf"|[{CN_AMOUNT_DIGITS}]+(?:亿元|万元|元)"
)
# A time limit: 15个工作日, 三个月.
DURATION_FIGURE = re.compile(
    r"\d+\s*个?\s*(?:工作日|自然日|日内|天|个月|周)|[一二三四五六七八九十两]+\s*个?\s*(?:工作日|日内|天|个月)"
)
# A counted figure in digits or Chinese numerals (1500家, 十家, 百分之).
COUNT_FIGURE = re.compile(
    rf"{ARABIC}\s*(?:{alternation(COUNT_UNITS)})"
    rf"|[{CN_AMOUNT_DIGITS}]+\s*(?:个|家|款|项|条|所|座|名|倍|大)|百分之"
)
COUNTED = re.compile(rf"{ARABIC}[{COUNTERS}]")  # 20家, with no space


def number_unit_pairs(text: str) -> list[tuple[str, str]]:
    """(number, unit) of each Arabic number (unit "" when none follows) and each Chinese
    amount of `text`, which the caller has normalized (see rag.text.sentences.normalize)."""
    pairs = [(match.group(1), match.group(2) or "") for match in NUMBER_WITH_UNIT.finditer(text)]
    pairs += [(match.group(1), match.group(2)) for match in CHINESE_AMOUNT.finditer(text)]
    return pairs


# A number in digits or Chinese numerals with the unit after it (十年, 10年, 一级, 23岁);
# groups: the number, the unit. Units longest first: 个月 before 个.
MEASURE_UNITS = INDEX_UNITS | {"个月"}
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")  # 1,000元
_ONE_OF = frozenset({"个", "种", "项", "批", "件", "位", "次", "条", "家"})
MEASURE = re.compile(rf"({NUMERAL})\s*({alternation(MEASURE_UNITS)})")


def stated_measures(text: str) -> frozenset[tuple[float, str]]:
    """(value, unit) of every number with a unit in `text`, Chinese numerals read as their
    value, so that 工作满十年 and 已满10年 state the same measure; malformed numerals skipped."""
    found: set[tuple[float, str]] = set()
    for number, unit in MEASURE.findall(_THOUSANDS.sub("", text)):
        if number == "一" and unit in _ONE_OF:  # 一个人, 一种: an article, not a measure
            continue
        value = numeral_value(number)
        if value is not None:
            found.add((value, unit))
    return frozenset(found)


def numeral_value(number: str) -> float | None:
    """The value of a `NUMERAL` (10 → 10.0, 二十万 → 200000.0); None for a malformed Chinese numeral."""
    value = float(number) if number[0].isdigit() else parse_chinese_number(number)
    return None if value is None else float(value)


# ---------------------------------------------------------------- quantities


class QuantityKind(StrEnum):
    """What a quantity measures."""

    MONEY = "money"  # 二十万元, 1.5亿元, 100万美元
    DURATION = "duration"  # 五年, 三个月, 15个工作日
    PERCENT = "percent"  # 百分之十五, 15%, 千分之三


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a text: `text[start:end]` is the phrase, e.g. 二十万元."""

    kind: QuantityKind
    value: int | float  # in `unit`, magnitudes applied: 二十万元 → 200000
    unit: str  # 元 美元 % ‰ 年 月 周 天 日 工作日 自然日 小时 分钟
    start: int
    end: int
    approximate: bool = False  # 多 or 余 after the number: at least `value`


_UNIT_NAMES = {
    "元": ("元", QuantityKind.MONEY), "美元": ("美元", QuantityKind.MONEY),
    "%": ("%", QuantityKind.PERCENT), "‰": ("‰", QuantityKind.PERCENT),
    "年": ("年", QuantityKind.DURATION), "个月": ("月", QuantityKind.DURATION),
    "周": ("周", QuantityKind.DURATION), "个星期": ("周", QuantityKind.DURATION), "星期": ("周", QuantityKind.DURATION),
    "天": ("天", QuantityKind.DURATION), "日": ("日", QuantityKind.DURATION),
    "个工作日": ("工作日", QuantityKind.DURATION), "工作日": ("工作日", QuantityKind.DURATION),
    "个自然日": ("自然日", QuantityKind.DURATION), "自然日": ("自然日", QuantityKind.DURATION),
    "个小时": ("小时", QuantityKind.DURATION), "小时": ("小时", QuantityKind.DURATION),
    "分钟": ("分钟", QuantityKind.DURATION),
}
_SHARES = {"百分之": "%", "千分之": "‰"}
_ARABIC_AMOUNT = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_RUN = rf"(?<![{CN_NUMERAL}点])[{CN_NUMERAL}][{CN_NUMERAL}点]*"
# 元 of 元旦/元素/元宵 is no currency; 周年 is an anniversary; 日 is a day of a date unless a
# time limit is meant (see `_measured`).
_UNIT_PATTERN = alternation(set(_UNIT_NAMES) - {"元", "周"}) + r"|元(?![旦素宵])|周(?!年)"
# A day of a date, not a number of days: 3月15日, 每月的5日, 次月十五日内, 5月1日至5日, 每月10日、20日,
# 记者12日获悉, 于12日在……召开 (十五日内, 提前三十日, 公示7日, 三十日以上, 七日后 are time limits).
_DATE_DAY_BEFORE = re.compile(r"(?:月(?:的|份)?|记者|[日号]\s*[至到、和\-—－~～])\s*$")
_DATE_CUE_CHARS = 8  # the longest cue before a day (记者, 月份, 日 至) with spaces
_DATE_DAY_AFTER = re.compile(r"\s*(?:前|至|到|、|[\-—－~～]|起|上午|下午|晚|召开|举行|电|讯|获悉|从|在|出台|印发|发布)")
_QUANTITY = re.compile(
    rf"(?P<share>百分之|千分之)\s*(?P<share_number>{_ARABIC_AMOUNT}|{_CN_RUN})"
    rf"|(?<!第)(?P<number>{_ARABIC_AMOUNT}|{_CN_RUN})\s*(?P<approx>多|余)?\s*(?P<magnitude>[十百千万亿]*)"
    rf"\s*(?P<approx_after>多|余)?\s*(?P<unit>{_UNIT_PATTERN})"
)
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")


def find_quantities(text: str) -> list[Quantity]:
    """Sums of money, durations and percentages in `text`, in either kind of numeral.

    二十万元 → 200000 元, 1.5亿元 → 150000000 元, 三元 → 3 元, 五年 → 5 年, 三个月 → 3 月,
    百分之十五 → 15 %, 15% → 15 %. A year (2025年, 二〇二五年) and an ordinal (第五年) are
    not durations; a Chinese numeral that does not read as a number (十四五) is skipped,
    or its longest well-formed end is taken (统一五元 → 5 元). Full-width digits count.
    """
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(fold(text)):
        quantity = _share(match) if match.group("share") else _measured(match)
        if quantity is not None:
            found.append(quantity)
    return found


def _share(match: re.Match[str]) -> Quantity | None:
    parsed = _number_value(match.group("share_number"))
    if parsed is None:
        return None
    value, _ = parsed
    unit = _SHARES[match.group("share")]
    return Quantity(QuantityKind.PERCENT, _plain(value), unit, match.start(), match.end())


def _measured(match: re.Match[str]) -> Quantity | None:
    parsed = _number_value(match.group("number"))
    magnitude = parse_chinese_number("一" + match.group("magnitude")) if match.group("magnitude") else 1
    if parsed is None or magnitude is None:
        return None
    value, skipped = parsed
    approximate = bool(match.group("approx") or match.group("approx_after"))
    unit, kind = _UNIT_NAMES[match.group("unit")]
    if unit == "年" and magnitude == 1 and not approximate and _is_year(match.group("number")[skipped:]):
        return None
    start = match.start("number") + skipped
    before = match.string[max(0, start - _DATE_CUE_CHARS):start]  # not the whole text before it: holds() reads every clause
    if unit == "日" and (_DATE_DAY_BEFORE.search(before) or _DATE_DAY_AFTER.match(match.string, match.end())):
        return None
    return Quantity(kind, _plain(value * Decimal(magnitude)), unit, start, match.end(), approximate)


def _number_value(raw: str) -> tuple[Decimal, int] | None:
    """Value of an Arabic or Chinese number and how many leading characters were skipped
    to make a Chinese one well-formed (统一五 → 5, one skipped), or None."""
    if raw[0].isdigit():
        return Decimal(raw.replace(",", "")), 0
    for skipped in range(len(raw)):
        value = parse_chinese_number(raw[skipped:])
        if value is not None:
            return Decimal(str(value)), skipped
    return None


def _is_year(number: str) -> bool:
    """2025 or 二〇二五: a calendar year, which 年 after it names rather than counts."""
    if number.isdigit():
        return _YEAR_NUMBER.fullmatch(number) is not None
    return len(number) == 4 and all(char in _DIGIT_VALUES for char in number)


_CN_YEAR = re.compile(r"(?<![零〇一二三四五六七八九十])([零〇一二三四五六七八九]{4})(?=\s*年)")


def digit_years(text: str) -> str:
    """`text` with years written in Chinese digits in Arabic digits (二〇二〇年 → 2020年), as
    documents write them, so that a question's year is compared with theirs."""

    def digits(match: re.Match[str]) -> str:
        year = str(_integer_numeral(match.group(1)))  # read digit by digit: 二〇二〇 → 2020
        return year if _YEAR_NUMBER.fullmatch(year) else match.group(1)

    return _CN_YEAR.sub(digits, text)


# A quantity with the measure word or unit after it, in Chinese numerals (三百家, 五年, 二十万元)
# or in Arabic ones (300家, 5年): group 1 the number, group 2 the unit.
_FORM_UNITS = f"{COUNTERS}年日天周岁人台倍次"  # months left out: 七月 is July
_CN_COUNTED = re.compile(
    rf"(?<![第{CN_NUMERAL}])((?:[二两三四五六七八九十百千]|一(?=[十百千万]))[{CN_DIGITS}]*[万亿]?)\s*([{_FORM_UNITS}元]|块(?![地牌屏板田砖石区头状]))"
)
_SPOKEN_UNITS = {"块": "元"}  # 四百八十块 is 480元 as documents write it
_ARABIC_COUNTED = re.compile(rf"(?<![\d.,第月])(\d{{1,4}})\s*([{_FORM_UNITS}])")  # not 第3条, 5月10日, 1,500个


def numeral_forms(text: str) -> tuple[str, ...]:
    """The quantities of `text` written the other way: 三百家 → 300家, 5年 → 五年 (a question
    and a document seldom write a number alike). Empty when `text` has none."""
    forms: dict[str, None] = {}
    for match in _CN_COUNTED.finditer(text):
        number, big = match.group(1), ""
        if number[-1] in "万亿" and len(number) > 1:  # 二十万元 → 20万元, as documents write it
            number, big = number[:-1], number[-1]
        value = parse_chinese_number(number)
        if isinstance(value, int) and (value > 1 or big):
            forms.setdefault(f"{value}{big}{_SPOKEN_UNITS.get(match.group(2), match.group(2))}")
    for match in _ARABIC_COUNTED.finditer(text):
        value = int(match.group(1))
        if 1 < value < 10000 and not _YEAR_NUMBER.fullmatch(match.group(1)):
            forms.setdefault(chinese_numeral(value) + match.group(2))
    for form in _share_forms(text):
        forms.setdefault(form)
    return tuple(form for form in forms if form not in text)


# Shares said in words: 八成 (七成五: 75%), 百分之八十; and 80% for documents writing 百分之八十.
_TENTHS = re.compile(r"(?<![第\d零〇一二三四五六七八九十百千万])([一二三四五六七八九])成(?:([一二三四五六七八九])(?![十百千万成]))?(?!不变|为|了|立|功|果|本|员|年|熟|交|长)")
_PERCENT_WORDS = re.compile(rf"百分之([{CN_DIGITS}]+)")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3})\s*[%％]")


def _share_forms(text: str) -> list[str]:
    """The shares of `text` in the other writing: 八成 → 80%, 百分之八十 → 80%, 80% → 百分之八十."""
    forms: list[str] = []
    for match in _TENTHS.finditer(text):
        tenths = _DIGIT_VALUES[match.group(1)] * 10 + (_DIGIT_VALUES[match.group(2)] if match.group(2) else 0)
        forms.append(f"{tenths}%")
    for match in _PERCENT_WORDS.finditer(text):
        value = parse_chinese_number(match.group(1))
        if isinstance(value, int) and 0 < value <= 100:
            forms.append(f"{value}%")
    for match in _PERCENT.finditer(text):
        value = int(match.group(1))
        if 0 < value <= 100:
            forms.append(f"百分之{chinese_numeral(value)}")
    return forms
