"""The direct verdict opening an answer to a yes/no question: 可以。/ 不可以。/ 是。/ 不需要。

A verdict is given only when the deciding sentence settles it unambiguously:

- the question states figures (是不是要做到三千五百亿元) and the sentence states every one
  of them → the positive word;
- otherwise the sentence carries exactly one polarity — a prohibition or exemption
  (不得, 禁止, 不予, 不纳入, 无须 …) or a permission or duty (可以, 有权, 应当, 给予,
  视同 …) — and the verdict word is the question's own modal verb (能/可以 → 可以,
  要/需要 → 需要, 算 → 算, 是 → 是, 有 → 有) or its negation;
- the asker would receive a figure (能拿满四十五天吗) beyond every cap the sentence sets on what
  it grants (补贴期限最长不超过30天) → the negative word.

Anything less clear gets no verdict: the quoted clause speaks for itself. A question negating
itself (是不是不能……) gets none, and a sentence carving out its own exception (……的除外), or
quoted beside one that says no, gives no yes (`settled_verdict`).

A wording question that quotes a statement (原文是不是写的“……”？) is told whether the
original says exactly that (`wording_verdict`): 与所给表述一致 when a cited clause contains
it (punctuation and spacing aside), 与所给表述不同 when the quoted original is close to it
but not the same; nothing when the original is not about it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answering.terms import QuestionTerms, TermGroup, grams_of, question_terms
from rag.text.numbers import find_quantities
from rag.text.ranges import CLAUSE_END, beyond_caps, measures, proposed_measures, ranges
from rag.text.sentences import normalize

_NEGATIVE = re.compile(
    r"不得|禁止|严禁|不予|不属于|不享受|不纳入|不计入|不适用|不准|不能|不可|不应|无权|不再|不视为|不认定|不承担|不支付|不需要|不必|无须|无需|免于|免征|免予|免除"
)
_POSITIVE = re.compile(r"可以|有权|应当|应该|必须|享受|给予|视同|认定为|属于|纳入|适用|准予|予以|须|需")
# (modal in the question, verdict of a permission or duty, verdict of a prohibition or exemption),
# most specific first.
_MODALS = (
    (r"合不合法|合法吗|合法不", "合法", "不合法"),
    (r"合不合规|合规吗|合规不|符合规定吗|符不符合规定|符合要求吗", "合规", "不合规"),
    (r"违不违法|违法吗|犯法吗", "不违法", "违法"),  # asked the other way round: a prohibition makes it 违法
    (r"需不需要|需要不|需要.{0,12}吗|要不要|用不用|得不得|(?:还|也)(?:要|得|用)[^，,。；;？?]{0,12}吗", "需要", "不需要"),
    (r"会不会", "会", "不会"),
    (r"能不能|能否|可不可以|可否|可以不|可以.{0,12}吗|能.{0,12}吗|行不行|行吗|让不让|允不允许|准不准", "可以", "不可以"),
    (r"算不算|算.{0,12}吗|视不视为", "算", "不算"),
    (r"有没有|有.{0,12}吗", "有", "没有"),
    (r"是不是|是否|是.{0,12}吗|对吗|真的吗|对不对", "是", "不是"),
)
_QUESTION_NEGATION = re.compile(r"不|没|无|免")
_EXCEPTED = re.compile(r"除外")  # a rule carving out its own exception (……的除外)
YES_WORDS = frozenset(yes for _, yes, _ in _MODALS)  # verdicts of a permission or duty (可以, 需要, 不违法 …)
NO_WORDS = frozenset(no for _, _, no in _MODALS)  # … and of a prohibition or exemption (不可以, 不需要, 违法 …)
# A quoted statement: seven characters or more, or a shorter quote the question closes right
# after it (写的“可以申请补贴”？); a short one the sentence goes on from is a name (“交通大脑”的原话).
_GIVEN = re.compile(r"[“\"「]([^“”\"「」]{7,300}|[^“”\"「」]{4,6}(?=[”\"」](?:[\s，,。；;？?！!吗呢]|$)))[”\"」]")
_NOT_WORDING = re.compile(r"[\W_]+")  # punctuation and spacing, ignored in comparing wordings
_NEGATION = frozenset("不未无非没禁")  # a character negating what follows it
# Share of the given statement's bigrams the original must hold to be called different: a
# misquote (one figure or word changed) keeps most of them. Chosen on synthetic misquotes of the
# seeds' sentences against the closest sentence of another clause (`bench/wording_closeness.py`:
# balanced accuracy 0.922 at 0.7, 0.913 at 0.8); held out on the other corpus 0.920.
CLOSE_WORDING = 0.7


def verdict(question: str, sentence: str) -> str:
    """The verdict word for a yes/no `question` decided by `sentence`, or '' when unclear."""
    text, asked = normalize(sentence), normalize(question)
    modal = next(((yes, no) for pattern, yes, no in _MODALS if re.search(pattern, asked)), None)
    if modal is None:
        return ""
    if _QUESTION_NEGATION.search(_modal_free(asked)):
        return ""  # the question negates itself (是不是不能享受): its own negation would flip the reading
    if any(beyond_caps(text, measure) for measure in proposed_measures(_predicate(asked))):
        return modal[1]  # 能拿满四十五天吗 against 补贴期限最长不超过30天: the rule stops short of the asker's figure
    # The polarity words whose scope holds what was asked (不得……安排夜班劳动 for 能让她上夜班吗),
    # not those governing something beside it (应当……通知承租人 for 新房东能不能赶我走).
    terms = _asked_terms(asked)
    speaking = {negative for negative, scope in polarities(text) if _speaks_to(terms, scope)}
    stated = [(round(item.value, 6), item.unit) for item in find_quantities(asked)]
    if stated:
        # The figures the asker gives, each stated or inside a range the sentence sets (怀孕八个月 ↔
        # 怀孕7个月以上): confirmed, unless the sentence forbids or exempts what is asked.
        found = {(round(item.value, 6), item.unit) for item in find_quantities(text)}
        conditions = [span for span in ranges(text) if span.condition]
        held = [measure for measure in measures(asked) if any(span.holds(measure) for span in conditions)]
        # Only figures the question asks about (是不是要做到三千五百亿元), not those of its context
        # (拿到的5万元奖励要不要交税: the sentence stating 5万元 says nothing of the tax).
        asked_figures = bool(find_quantities(_predicate(asked)))
        if asked_figures and len(held) < len(stated) and all(item in found for item in stated):
            # The figures themselves (是不是要做到三千五百亿元): confirmed, and nothing said when a
            # prohibition speaks, for the figure may be its limit (不得超过三小时 allows three hours).
            return modal[0] if True not in speaking else ""
        if len(held) < len(stated) or len(speaking) != 1:
            return ""  # the asker's case is in the rule's range: the rule's own polarity decides
        return modal[1] if True in speaking else modal[0]
    if not speaking and modal[0] == "有" and not _NEGATIVE.search(text) and _speaks_to(terms, text):
        return "有"  # 有没有……的说法: a sentence stating what was asked, with no prohibition, is there
    if len(speaking) != 1:
        return ""  # both polarities or neither speak
    return modal[1] if True in speaking else modal[0]


def settled_verdict(question: str, sentence: str, beside: Sequence[str]) -> str:
    """The verdict of `sentence` (see `verdict`), but no yes when a sentence quoted beside it says no
    or the sentence carves out an exception itself (可以解除劳动合同，但女职工在孕期的除外).

    A rule quoted with its exception (给予一次性吸纳就业补贴 / 通过劳务派遣方式用工的不予补贴) leaves
    the asker's case to the quotes. A no stands: it is what the first quote, the best match, says."""
    word = verdict(question, sentence)
    if word in YES_WORDS and (_EXCEPTED.search(sentence) or any(verdict(question, other) in NO_WORDS for other in beside)):
        return ""
    return word


def polarities(text: str) -> list[tuple[bool, str]]:
    """(negative, scope) of each polarity word of `text` in order: a prohibition or exemption
    (不得, 免征) or a permission or duty (可以, 应当); its scope runs to the next polarity word or
    the end of its clause."""
    negatives = [(match.start(), match.end(), True) for match in _NEGATIVE.finditer(text)]
    # A positive word inside a prohibition's clause is part of what it forbids (不得……降低其工资、予以辞退).
    clause_ends = [match.start() for match in CLAUSE_END.finditer(text)] + [len(text)]
    forbidding = [(start, next(stop for stop in clause_ends if stop >= end)) for start, end, _ in negatives]
    positives = [
        (match.start(), match.end(), False) for match in _POSITIVE.finditer(text)
        if not any(start <= match.start() < stop for start, stop in forbidding)
    ]
    words = sorted(negatives + positives)
    found: list[tuple[bool, str]] = []
    for index, (_, end, negative) in enumerate(words):
        stop = words[index + 1][0] if index + 1 < len(words) else len(text)
        found.append((negative, CLAUSE_END.split(text[end:stop], maxsplit=1)[0]))
    return found


def _asked_terms(question: str) -> QuestionTerms:
    """The terms of what the question asks: of its predicate, the words after its modal
    (能不能**拖个把月再去交**), when it has one; else of the whole question (这合法吗)."""
    for asked in (_predicate(question), question):
        terms = question_terms(_modal_free(asked), lambda found: dict.fromkeys(found, 1.0))
        if terms.groups:
            return terms
    return terms


def _speaks_to(terms: QuestionTerms, scope: str) -> bool:
    """Whether `scope` holds some of the asked `terms` whole (a bigram, or a colloquial phrase
    through one of its official terms: 个税 ↔ 个人所得税), other than a word of procedure."""
    grams = grams_of(scope)
    return any(group.presence(grams) >= 1 and not _says_nothing(group) for group in terms.groups)


# Words of procedure any rule may hold (必须本人到场办理 ↔ 可以委托他人代为办理): no sign of
# speaking to the question on their own.
_PROCEDURAL = frozenset("办理 申请 享受 进行 提供 要求 规定 相关 有关 按照 依照".split())
# Connectives (买摊车或者设备, 以及) that any sentence may hold (pointing words like 这些 never become terms).
_CONNECTIVES = frozenset("或者 以及 及其 并且 而且 等等".split())


def _says_nothing(group: TermGroup) -> bool:
    """A term of procedure or a connective, in every form: no sign of speaking to the question."""
    return all(option <= _PROCEDURAL | _CONNECTIVES for option in group.alternatives)


_MODAL_WORD = re.compile(
    r"^(?:合不合法|违不违法|合不合规|符不符合规定|需不需要|要不要|用不用|得不得|能不能|可不可以|算不算|视不视为|有没有|是不是|会不会|"
    r"可以不|需要不|合法不|合规不|能否|可否|是否|合法|违法|犯法|合规|符合规定|符合要求|对不对|真的|对|需要|可以|能|"
    r"还要|还得|还用|也要|也得|要|行|算|有|是)"
)


def _predicate(question: str) -> str:
    """The words after the question's modal (能不能**拖个把月再去交**, 能**让她上夜班**吗), '' when none follow it."""
    for pattern, _, _ in _MODALS:
        match = re.search(pattern, question)
        if match:
            rest = question[match.start() :]
            return re.sub(r"[吗呢？?。！!\s]+$", "", _MODAL_WORD.sub("", rest))
    return ""


def _modal_free(question: str) -> str:
    """The question without its A-not-A modal (能不能, 是不是, 有没有), whose 不 or 没 is no negation."""
    return re.sub(r"(.)[不没]\1|不对|不行|可以不|需要不|合法不", "", question)


def given_wording(question: str) -> list[str]:
    """The statements a question quotes (“……”), without punctuation and spacing."""
    return [phrase for phrase in map(bare_wording, _GIVEN.findall(question)) if len(phrase) >= 4]


def states_wording(text: str, given: list[str]) -> bool:
    """Whether `text` contains every given statement (punctuation and spacing aside), each as a
    whole: not negated right before (不可以申请 does not state 可以申请) and not part of a longer
    number (补贴2000元 does not state 补贴200)."""
    bare = bare_wording(text)
    return bool(given) and all(_holds_whole(phrase, bare) for phrase in given)


def _holds_whole(phrase: str, text: str) -> bool:
    start = text.find(phrase)
    while start >= 0:
        before = text[start - 1] if start else ""
        after = text[start + len(phrase) : start + len(phrase) + 1]
        negated = before in _NEGATION if before else False
        longer = (phrase[0].isdigit() and before.isdigit()) or (phrase[-1].isdigit() and after.isdigit())
        if not negated and not longer:
            return True
        start = text.find(phrase, start + 1)
    return False


def wording_verdict(question: str, original: str) -> str:
    """'与所给表述一致' when `original` (the quoted sentence) contains the statement the question
    quotes, '与所给表述不同' when it is close to it but not the same, else '' (no quoted
    statement, or an original about something else)."""
    given = given_wording(question)
    if not given:
        return ""
    if states_wording(original, given):
        return "与所给表述一致"
    return "与所给表述不同" if wording_share(given, original) >= CLOSE_WORDING else ""


def wording_share(given: Sequence[str], original: str) -> float:
    """Share of the bigrams of the given statements (bare, see `given_wording`) found in `original`."""
    held = bare_wording(original)
    grams = [phrase[i : i + 2] for phrase in given for i in range(len(phrase) - 1)]
    return sum(1 for gram in grams if gram in held) / len(grams) if grams else 0.0


def bare_wording(text: str) -> str:
    """`text` normalized without punctuation and spacing: the form in which wordings are compared."""
    return _NOT_WORDING.sub("", normalize(text))
