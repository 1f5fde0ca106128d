"""Ranges a text sets on a measure (满5年不足10年, 10万元以下, 16—24岁), and whether a measure
the asker gives (我交了六年, 一个月流水八万块, 五年半) falls inside one.

Measures are compared in one base unit per dimension: money in 元 (八万块 = 80000), a
duration in days (一年半 = 547.5), an age in years, a share in percent, people in persons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.text.bound_words import Side, alternation, bound_words
from rag.text.dates import YEAR_DIGITS
from rag.text.numbers import NUMERAL, numeral_value

# unit → (dimension, how many base units one of it is)
UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("money", 1e8), "万元": ("money", 1e4), "千元": ("money", 1e3), "元": ("money", 1.0),
    "万块": ("money", 1e4), "块钱": ("money", 1.0), "块": ("money", 1.0),
    "年": ("duration", 365.0), "个月": ("duration", 30.0), "个星期": ("duration", 7.0), "周": ("duration", 7.0),
    "天": ("duration", 1.0), "日": ("duration", 1.0),
    "周岁": ("age", 1.0), "岁": ("age", 1.0),
    "%": ("share", 1.0),
    "人": ("people", 1.0), "名": ("people", 1.0),
    # 店里12个员工: people counted with 个 and what they are
    "个员工": ("people", 1.0), "个职工": ("people", 1.0), "个工人": ("people", 1.0), "名员工": ("people", 1.0),
    "名职工": ("people", 1.0), "位员工": ("people", 1.0),
}
_UNIT = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
# 五年半, 一年半; 年 in 年满 / 年度 / 年以 is handled by what follows, not here.
_MEASURE = re.compile(rf"([百千万])分之({NUMERAL})|({NUMERAL})\s*({_UNIT})(半)?|半个?(年|月|天)")
_PER = {"百": 1.0, "千": 0.1, "万": 0.01}  # 千分之三 is 0.3 %
_CALENDAR_YEAR = re.compile(YEAR_DIGITS)  # 2025年 is a date, not a duration
_SPAN = re.compile(rf"({NUMERAL})\s*({_UNIT})?\s*(?:至|到|—|－|–|-|~|～)\s*({NUMERAL})\s*({_UNIT})")
# The words before a number that make it a bound (see `rag.text.bound_words`): one alternation,
# longest first, so that 不低于 is not read as 低于 nor 不得超过 as 超过.
_BEFORE_WORDS = {word.word: word for word in bound_words(forms=("comparative", "superlative"))}
_BOUND_BEFORE = re.compile(f"(?:{alternation(list(_BEFORE_WORDS.values()), written=True)})$")  # the figure follows
_INCLUDED = r"^(?:（含）|\(含\))?(?:及|或)?"  # 10人（含）以上, 60岁及以上
_LOW_AFTER = re.compile(f"{_INCLUDED}(?:{alternation(bound_words(sides=('lower',), forms=('after',)))})")
_HIGH_AFTER = re.compile(f"{_INCLUDED}(?:{alternation(bound_words(sides=('upper',), forms=('after',)))})")
# Between the two ends of one range: 满5年|不足10年, 满5年但|不足10年, 16周岁以上、|60周岁以下.
_JOINER = re.compile(r"^(?:（含）|\(含\))?(?:以上|及以上)?[、，,]?(?:但|而|且|并且|以上|的)?$")
_LOOK = 6  # characters read on each side of a measure for its bound words: 10人（含）以上


@dataclass(frozen=True)
class Measure:
    """A number with a unit, in its dimension's base unit; `text[start:end]` is the phrase."""

    dimension: str
    value: float
    start: int
    end: int


@dataclass(frozen=True)
class Range:
    """The values a text allows on one dimension (a bound of None is open-ended)."""

    dimension: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    condition: bool = False  # it picks out whom a rule applies to (……7个月以上的女职工), not a target

    @property
    def bounded(self) -> bool:
        """Both ends are given (满5年不足10年), not one (满5年)."""
        return self.low is not None and self.high is not None

    def holds(self, measure: Measure) -> bool:
        """Whether `measure` lies inside the range (same dimension, each end open or closed as set)."""
        if measure.dimension != self.dimension:
            return False
        value = measure.value
        if self.low is not None and (value < self.low or self.low_open and value == self.low):
            return False
        if self.high is not None and (value > self.high or self.high_open and value == self.high):
            return False
        return True


def measures(text: str) -> list[Measure]:
    """Every number with a known unit in `text` (百分之十 as 10 %, 五年半 as five and a half years)."""
    found: list[Measure] = []
    for match in _MEASURE.finditer(text):
        per, percent, number, unit, half, half_of = match.groups()
        if half_of:  # 半年, 半个月
            dimension, factor = UNITS["个月" if half_of == "月" else half_of]
            found.append(Measure(dimension, 0.5 * factor, match.start(), match.end()))
            continue
        if unit == "年" and _CALENDAR_YEAR.fullmatch(number) or unit == "日" and text[: match.start()].endswith("月"):
            continue  # a date (2025年, 12月31日), not a duration
        value = numeral_value(percent or number)
        if value is None:
            continue
        dimension, factor = ("share", _PER[per]) if percent else UNITS[unit]
        found.append(Measure(dimension, (value + (0.5 if half else 0.0)) * factor, match.start(), match.end()))
    return found


# 一年有几天, 每月能领多少: a period the asked figure is counted per, not the asker's own case.
_RATE_BEFORE = re.compile(r"每$")
_ONE = re.compile(r"(?:一|1)\s*(?:个)?(?:年|月|星期|周|天|日)")
_CASE_BEFORE = re.compile(r"(?:了|满|过|干|做|交|缴|上|工作|超过|不足|不到|快|近|将近|差不多)$")  # 交了一年: the asker's own case
_RATE_AFTER = re.compile(r"^(?:里|内|下来|能|可以|可|有|最多|最少|一共|总共|大概|大约|要|得|会)*[^，,。？?；;]{0,3}?(?:几|多少|多长|多久)")


def asked_measures(question: str) -> list[Measure]:
    """The measures a question gives of the asker's own case (交了六年, 八万块), without the
    period a figure is asked per (一年有几天年假, 一个月能领多少)."""
    return [
        measure for measure in measures(question)
        if not (measure.dimension == "duration" and _RATE_AFTER.match(question[measure.end :]) and _per_period(question, measure))
    ]



def _per_period(question: str, measure: Measure) -> bool:
    """每月, or one period (一年) that no verb of the asker's case (交了, 满) comes before."""
    before = question[: measure.start]
    return bool(_RATE_BEFORE.search(before)) or bool(_ONE.match(question, measure.start)) and not _CASE_BEFORE.search(before)


# 满5年不足10年的, 10万元以下（含本数）的职工: a 的-phrase closing the range; not 的罚款, 的标准 (a target).
_CONDITION = re.compile(r"^[^，,。；;：:]{0,8}?的(?!罚款|罚金|标准|比例|补贴|补助|奖励|资助|金额|额度|费用|幅度|税)")


def _conditional(found: Range, text: str, end: int) -> Range:
    """`found` marked as a condition when a 的-phrase closes it right after `end`."""
    return replace(found, condition=bool(_CONDITION.match(text[end:])))


def ranges(text: str) -> list[Range]:
    """The ranges `text` sets: 3至12个月 and 16—24岁, 满5年不足10年 (a lower bound followed by
    an upper one), 10万元以下, 满1年, 超过五十人."""
    return list(_ranges(text))


@lru_cache(maxsize=4096)
def _ranges(text: str) -> tuple[Range, ...]:
    """`ranges`, once per text: an answer reads a clause's ranges for each of its parts and checks."""
    found: list[Range] = []
    for match in _SPAN.finditer(text):
        first, first_unit, second, unit = match.groups()
        low, high = numeral_value(first), numeral_value(second)
        if low is None or high is None or unit == "年" and (_CALENDAR_YEAR.fullmatch(first) or _CALENDAR_YEAR.fullmatch(second)):
            continue  # 2023年至2025年 is a period of dates
        dimension, factor = UNITS[unit]
        first_dimension, first_factor = UNITS[first_unit] if first_unit else (dimension, factor)
        if first_dimension == dimension:  # 3个月至1年: each number in its own unit
            found.append(_conditional(Range(dimension, low * first_factor, high * factor), text, match.end()))
    bounds = [(measure, _bound(text, measure)) for measure in measures(text)]
    used: set[int] = set()
    for index, (measure, bound) in enumerate(bounds):
        if index in used or bound is None:
            continue
        side, is_open = bound
        following = bounds[index + 1] if index + 1 < len(bounds) else None
        if (side == "lower" and following and following[1] and following[1][0] == "upper"
                and following[0].dimension == measure.dimension and _JOINER.match(_between(text, measure, following[0]))):
            span = Range(measure.dimension, measure.value, following[0].value, is_open, following[1][1])
            found.append(_conditional(span, text, following[0].end))
            used.add(index + 1)
        elif side == "lower":
            found.append(_conditional(Range(measure.dimension, low=measure.value, low_open=is_open), text, measure.end))
        else:
            found.append(_conditional(Range(measure.dimension, high=measure.value, high_open=is_open), text, measure.end))
    return tuple(found)


def _between(text: str, first: Measure, second: Measure) -> str:
    """The words between two measures, without the second one's bound word."""
    gap = text[first.end : second.start]
    return _BOUND_BEFORE.sub("", gap)


def _bound(text: str, measure: Measure) -> tuple[Side, bool] | None:
    """(the end bounded, whether the bound itself is excluded) that the words around `measure` make it, or None."""
    before, after = text[max(0, measure.start - _LOOK) : measure.start], text[measure.end : measure.end + _LOOK]
    found = _BOUND_BEFORE.search(before)
    if found:
        word = _BEFORE_WORDS[found.group(0)]
        return word.side, word.exclusive
    if _LOW_AFTER.match(after):
        return "lower", False
    if _HIGH_AFTER.match(after):
        return "upper", False
    return None


def excludes(text: str, given: list[Measure]) -> bool:
    """`text` sets a range on the dimension of one of the asker's measures and no range of it holds
    that measure (参保职工不足10人 for 店里12个员工): a rule for another case than the asker's. Not
    for sums: the asker's price (五千元的空调) and a subsidy's cap (不超过2000元) are both money."""
    found = ranges(text)
    return any(
        measure.dimension != "money"
        and any(item.dimension == measure.dimension for item in found)
        and not any(item.holds(measure) for item in found if item.dimension == measure.dimension)
        for measure in given
    )


def proposed_measures(text: str) -> list[Measure]:
    """The figures `text` asks to receive (拿满四十五天, 连着拿五年, 能领两年): each right after a
    verb of receiving, not a limit of its own (60天以内) nor describing a noun after it (五千元的空调).
    A figure of waiting or of getting something done (等四十五天, 在两个月办完, 失业三年后) is none."""
    return [measure for measure in measures(text) if _proposed(text, measure)]


# A verb of receiving right before a figure, with a word saying "all of it" after it (拿满, 领足, 拿到).
_RECEIVED = re.compile(r"(?:拿|领|享受|补|发|休)(?:满|足|够|到)?$")


def _proposed(text: str, measure: Measure) -> bool:
    """Received (拿满, 领), no upper bound of the asker's own (以内), and no noun after it (五千元的)."""
    bound = _bound(text, measure)
    return (
        bool(_RECEIVED.search(text[: measure.start]))
        and (bound is None or bound[0] == "lower")
        and not text[measure.end :].startswith("的")
    )


_WITHIN = re.compile(r"^(?:以内|之内|内)")  # 30日内提交: a deadline, not a cap on what is granted
# Words of a clause saying its cap limits what is granted (补贴期限最长不超过30天), not who qualifies
# (企业成立时间不超过2年) nor how long a step takes (审核时间不超过15天).
_GRANTED_CAP = re.compile(r"期限|上限|封顶|最长|最多|最高|至多|累计|限额")
# A sentence that lets its cap be passed (期满后可以延长15天, 可放宽至40周岁, 经评估合格可以续期).
_WIDENED = re.compile(r"延长|放宽|续期|续签|另行|除外|特殊情况|经批准")
CLAUSE_END = re.compile(r"[，,。；;：:]")  # where a clause of a sentence ends
# Durations are counted in days (一年 = 365, 一个月 = 30): a duration must pass a cap by more than that
# gap between units to be beyond it (一年 is not beyond 12个月, nor 两年 beyond 24个月).
DAYS_SLACK = 1.02


def beyond_caps(text: str, measure: Measure) -> bool:
    """Whether `text` caps what it grants on the dimension of `measure` and the measure is beyond every
    cap of that dimension (补贴期限最长不超过30天 for 四十五天). Only a cap whose own clause says it
    limits what is granted (期限, 最长, 上限, 累计 …) counts; never money (a cap per month or per item
    against the asker's yearly total or price), a sentence that widens its cap (可以延长, 可放宽至), or one
    with a deadline of that dimension (30日以内提交)."""
    if measure.dimension == "money" or _WIDENED.search(text):
        return False
    if any(found.dimension == measure.dimension and _WITHIN.match(text[found.end :]) for found in measures(text)):
        return False
    granted = [
        found for piece in CLAUSE_END.split(text) if _GRANTED_CAP.search(piece)
        for found in ranges(piece) if found.dimension == measure.dimension and found.high is not None and not found.condition
    ]
    every = [found for found in ranges(text) if found.dimension == measure.dimension and not found.condition]
    slack = DAYS_SLACK if measure.dimension == "duration" else 1.0
    return bool(granted) and not any(found.holds(measure) for found in every) and all(
        measure.value > found.high * slack for found in every if found.high is not None
    )


def measure_fit(sentence: str, given: list[Measure]) -> int:
    """How well `sentence` speaks to the asker's measures: 2 when a range with both ends holds
    one (满5年不足10年 for 交了六年), 1 when a one-sided range does (满1年), else 0."""
    best = 0
    for found in ranges(sentence):
        if any(found.holds(measure) for measure in given):
            best = max(best, 2 if found.bounded else 1)
    return best
