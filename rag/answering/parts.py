"""A question split into the parts it asks, each with its own kind and search text.

`网上买的衣服不喜欢，不说理由能退吗？要在几天内？` asks two things: a yes/no (能退吗)
and a time limit (几天内). `喝了酒开车被查到，要扣多久驾照、罚多少钱？` asks a duration
and an amount. Each part is answered from its own evidence, and a part the documents do
not cover is said to be missing without refusing the others.

Rules: the question is cut at sentence ends (？！；。) and, inside a sentence, at 、，
还有 另外 以及 where the pieces on both sides ask something of their own. Pieces that ask
nothing (我是个体户，) are context, searched with every part (and a part with a topic of its
own also without it). A part too short to search even with the context (要在几天内) is
searched with the whole question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rag.answering.asking import (
    COPIES, FOCUSED_KINDS, MONEY, QUESTION_PHRASING, RECIPIENTS, VALUE_KINDS, Ask, addressees_asked, after_question_word, article_named, asked_counter, asked_kinds, asks_addressees,
    money_asked, ordinal, payers_named, told_few, topic_focus, value_focus,
)
from rag.answering.references import document_type_at, document_refs, names_paper
from rag.index.tokenizer import pos_tags
from rag.text.chars import HAN_BASIC, HAN_BLOCK
from rag.text.dates import YEAR, YEAR_WITH_UNIT
from rag.text.numbers import stated_measures
from rag.text.ranges import Measure, asked_measures, measures
from rag.text.sentences import normalize

_SENTENCE_END = re.compile(r"(?<=[？?！!；;。])")
_PIECE = re.compile(r"(?<=[，,、])|(?=还有|另外|以及|同时)")
# An open question word in a piece ending in a question mark; not in a rhetorical one (怎么会这样？,
# 凭什么？, 谁知道呢？, 这叫什么事？, 哪有这样的道理？) nor in 哪怕.
_OPEN_QUESTION = re.compile(r"(?:什么(?!事)|啥|咋|怎么(?!会)|怎样|如何|哪(?![怕有])|(?<!不管)(?<!无论)谁(?!知道))[^？?]*[？?]\s*$")
_RHETORICAL = re.compile(r"凭什么|怎么会|谁知道|不知道该?怎么办")  # 不知道补贴怎么算？ still asks
_CJK = re.compile(f"[{HAN_BLOCK}]")
_PHRASING = re.compile(
    QUESTION_PHRASING + r"吗|呢|吧|啊|呀|几|要|还有|另外|以及|同时|那|又"
)
_FOLLOW_UP = re.compile(r"呢[？?！!]?\s*$")
_UNSPOKEN = re.compile(r"[，,？?！!；;。、\s]")
MIN_OWN_CHARS = 4  # Chinese characters of topic a part needs to be searched on its own


@dataclass(frozen=True)
class Part:
    """One thing a question asks: its words, its kinds and what to search for it."""

    text: str  # the part as written
    kinds: frozenset[Ask]
    query: str  # context + the part, or the whole question for a short part
    label: str = ""  # the side of a comparison it stands for (a document, a year), if any
    document: str = ""  # the name of the one document this side must be answered from
    focus: str = ""  # the nouns an asked value is about (年利率, 建设补贴), for value parts
    own: str = ""  # the part without the question's context, searched as well (empty: not needed)

    def asks(self, *kinds: Ask) -> bool:
        return any(kind in self.kinds for kind in kinds)

    @cached_property
    def place(self) -> int | None:
        """The place of the list item it asks about (第四个 → 4), from its side's label or its text."""
        return ordinal(self.label or self.text)

    @cached_property
    def counter(self) -> str | None:
        """The counter of the count it asks for when that says what is counted (多少辆 → 辆),
        `PLACES` for a roster of places (哪几个区), `EVERY` for how often (多久检查一次); `MONEY`
        for a sum asked in so many words (多少钱)."""
        if self.asks(Ask.COUNT, Ask.NAMES, Ask.DURATION):
            # 主送单位和抄送单位分别是哪些: each side asks for its own roster, which its query names.
            counter = asked_counter(self.text)
            if self.label and _ADDRESSEE_SIDE.search(self.label):
                return addressees_asked(self.query) or counter
            # 发文机关和抄送单位分别是哪些: the 抄送 roster is the other side's
            return None if self.label and counter in (RECIPIENTS, COPIES) else counter
        return MONEY if self.asks(Ask.AMOUNT) and money_asked(self.text) else None

    @cached_property
    def case_measures(self) -> list[Measure]:
        """The measures of the asker's own case (交了六年), its own words first: a follow-up (年假有几天？
        工作满十年的呢？) is searched with the whole question, but asks about its own case."""
        return asked_measures(normalize(self.text)) or asked_measures(normalize(self.query))

    @cached_property
    def named_measures(self) -> frozenset[tuple[float, str]]:
        """The measures it names (工作满十年 → (10, 年)), its own words first; none when its only
        figures are a period another figure is asked per (一年有几天)."""
        own, query = normalize(self.text), normalize(self.query)
        if not self.case_measures and (measures(own) or measures(query)):
            return frozenset()
        return stated_measures(own) or stated_measures(query)

    @cached_property
    def article(self) -> int | None:
        """The number of the article it names (第十九条 → 19), if any."""
        return article_named(self.text)


def topic_chars(text: str) -> int:
    """Chinese characters of `text` left after its question phrasing."""
    return len(_CJK.findall(_PHRASING.sub("", text)))


def make_part(
    text: str, query: str, label: str = "", document: str = "", own: str = "", asked: str = "", topic: str = "",
    payers: int = 0,
) -> Part:
    """A part with its kinds and, for an asked value or a yes/no question, its focus; `asked` is
    what its kinds and focus are read from when the part leaves its subject out (default: `text`);
    `topic`: the part before it, what a value asked with no noun of its own is about; `payers`: how
    many payers the whole question names (国家补多少？省里补多少？: 2)."""
    kinds = asked_kinds(asked or text)
    whole = Ask.POLAR in kinds
    # A side of a comparison is about its own query (四川的首贷贴息), not the shared question; a
    # follow-up naming its own topic (……充电桩？换电站呢？) about that topic.
    first, second = (query, text) if label else (text, asked) if own and asked else (asked or text, query)
    # No noun beside the question word: the value is about what the part before named (优惠券？每人
    # 能领多少？), unless the part names a document of its own (还有家庭农场那个文件，烘干房按多少
    # 比例补: about its own nouns); a roster, about what the part itself names (那批充电站，准备建在
    # 哪几个区), for any roster would do otherwise.
    # 搭建的时候国家能给补多少: who pays is no focus, unless it tells sides or values apart (国家和省里分别补多少).
    payer_aside = max(payers, payers_named(f"{text}{query}")) < 2 and not (label and payers_named(f"{label}补"))
    focus = (
        value_focus(first, whole, without_payer=payer_aside) or value_focus(second, whole, without_payer=payer_aside)
        or (value_focus(first, whole=True) if topic and document_refs(first) else topic_focus(topic))
        or (value_focus(first, whole=True) if Ask.NAMES in kinds else "")
    ) if kinds & FOCUSED_KINDS and not asks_addressees(asked or text, kinds) else ""
    return Part(text, kinds, query, label, document, focus, own)


_ADDRESSEE_SIDE = re.compile(r"主送|抄送|发文对象")  # a side that is one of a document's rosters of addressees
_ROLE_ENDS = frozenset({"单位", "部门", "机关", "机构"})
_PARTIES = frozenset({"单位", "个人", "职工"})  # the parties a contribution or benefit is split between
# 各 after a side or topic (乙各有多少, 在X上各怎么说, ……，各自怎么讲) or opening a part, before a verb; never 各 opening a
# noun (和各有关部门, 的各讲解员, 各说明会, 各区, 各类), nor 各规定 (规定 may name a document).
_SIDES = re.compile(
    r"分别|(?:^|(?<=[^和与及对向由给同的、在]))各(?:是|自|为(?!民)|要(?!素)|提(?!供)|有(?!关)|交|怎|如何|说(?!明)|讲(?![师解]))"
    r"|对比|比较|相比|区别|不同|一样吗|一致吗|变化"
)
_PAIR = re.compile(rf"(?P<a>[^，,？?；;。]{{2,24}}?)(?:和|与|及|跟)(?P<b>[^，,？?；;。]{{2,24}}?)(?=各|分别|，|,|？|\?|$)")


def comparison_sides(part: Part, question: str) -> tuple[Part, ...]:
    """One part per side of a comparison (years, else named documents, else an A和B pair); else the part."""
    if not _SIDES.search(part.text):
        return (part,)
    years = list(dict.fromkeys(YEAR.findall(question)))
    refs = document_refs(question)
    # 2023年的实施方案和2026年的行动方案: the years tell the documents apart; they are no sides of their own.
    dated_refs = len(refs) >= 2 and all(any(year in ref for ref in refs) for year in years)
    if len(years) >= 2 and not dated_refs:
        return tuple(
            make_part(part.text, YEAR_WITH_UNIT.sub(lambda m, y=year: m.group(0) if m.group(1) == y else "", question), f"{year}年")
            for year in years
        )
    if len(refs) >= 2:
        queries = _respective(question, [_without(question, [r for r in refs if r != ref]) for ref in refs])
        return tuple(make_part(part.text, query, ref, ref) for ref, query in zip(refs, queries))
    pair = _PAIR.search(part.text)
    if pair:
        a, b = pair.group("a").strip(), pair.group("b").strip()
        if "的" not in a and "的" in b:
            # 甲市和全省的目标: what follows 的 is shared by both sides; but two papers are named whole
            # (那篇报道和省里的实施意见对试错……: 省里的实施意见, the topic 对试错 shared).
            head, tail = b.split("的", 1)
            typed = document_type_at(tail) if names_paper(a) else ""
            b = f"{head}的{typed}" if typed else head
        joined = pair.group(0)[: pair.group(0).index(pair.group("b")) + len(b)]
        owner, _, head = a.rpartition("的")
        if owner and "的" not in b and head[-2:] == b[-2:] and head[-2:] in _ROLE_ENDS:
            b = f"{owner}的{b}"  # 某任务的牵头单位和责任单位: both are bodies in charge of the same task
        else:
            b = _topic_before(a, b) + b  # 某保险单位和个人: the second side is 某保险个人
        queries = _respective(question, [question.replace(joined, side) for side in (a, b)])
        return tuple(make_part(part.text, query, side) for side, query in zip((a, b), queries))
    return (part,)


_RESPECTIVELY = re.compile(r"分别([^，,。；;？?]+)")


def _respective(question: str, queries: list[str]) -> list[str]:
    """The sides' queries with a list the sides ask respectively (甲和乙分别要求什么时候完成改造、
    出台细则: 甲 … 完成改造, 乙 … 出台细则) cut to each side's own item; unchanged unless the list has
    one item per side."""
    match = _RESPECTIVELY.search(question)
    if match is None:
        return queries
    run = after_question_word(match.group(1))
    items = [item.strip() for item in run.split("、")]
    # 完成系统改造、出台细则 are two things to do, one per side; 养老、医疗保险 is one list both sides ask about.
    if len(items) != len(queries) or not all(items) or not all(_starts_with_verb(item) for item in items):
        return queries
    return [query.replace(run, item) if run in query else query for query, item in zip(queries, items)]


def _starts_with_verb(phrase: str) -> bool:
    tags = pos_tags(phrase)
    return bool(tags) and tags[0][1].startswith("v") and tags[0][1] != "vn"


def _topic_before(a: str, b: str) -> str:
    """The topic the first side puts before the party that the second side replaces (某保险单位
    和个人 → 某保险): '' unless both are parties that pay or receive (单位, 个人, 职工); 小微企业和
    个人 keeps two plain sides, 小微 being no topic of 个人."""
    if "的" in a:
        return ""
    words = pos_tags(a)
    if b not in _PARTIES or len(words) < 2 or words[-1][0] not in _PARTIES:
        return ""
    return a[: -len(words[-1][0])]


def _without(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        text = text.replace(phrase, " ")
    return text


def split_parts(question: str) -> tuple[Part, ...]:
    """The parts of `question` (width-folded); a one-part question gives one part."""
    # Each piece's kinds are read in the whole question: 我家要来几个外国亲戚，……麻不麻烦？ asks no count.
    told = told_few(question)
    asking = _with_follow_ups([(piece, asked_kinds(told[start:start + len(piece)])) for piece, start in _pieces(question)])
    # An open question (谁先审？怎么算？能换些什么？) asks no kind of value, yet it is a part of its own.
    asks = [bool(kinds) or _open_question(piece) for piece, kinds in asking]
    if sum(asks) <= 1:
        return comparison_sides(make_part(question, question, payers=payers_named(question)), question)
    payers = payers_named(question)
    first = asks.index(True)
    context = "".join(piece for piece, _ in asking[:first])
    groups: list[list[str]] = []
    pending = ""
    for (piece, _), asking_piece in zip(asking[first:], asks[first:]):
        if asking_piece:
            groups.append([pending + piece])
            pending = ""
        else:
            pending += piece
    if pending:
        groups[-1].append(pending)
    parts: list[Part] = []
    previous = ""
    for group in groups:
        text = "".join(group).strip(" ，,、")
        # The words before the first question are its context, not that of a part naming a document
        # of its own (江西那个方案，住宿券几号发？还有安徽那个文件，烘干房补多少？).
        with_context = text if document_refs(text) and document_refs(context) else f"{context}{text}"
        # A bare 多少 that leaves out what it counts (政府给钱吗？能给多少？) asks about the part
        # before it: its kind and focus are read with that part's words, and it is searched with them.
        own_kinds = asked_kinds(text)
        # So does one whose words name nothing counted (前前后后加起来一共能拿多少).
        elliptic = bool(previous) and own_kinds == {Ask.COUNT} and (
            topic_chars(text) < MIN_OWN_CHARS or asked_counter(text) is None and not value_focus(text)
        )
        # A follow-up (年假有几天？工作满十年的呢？) asks what the part before it asked, of another case.
        # An open question of its own (……突破多少？算力怎么调度？) asks no kind of the part before.
        follow_up = bool(previous) and not own_kinds and not _open_question(text)
        # A value asked with no noun of its own and no context (优惠券？每人能领多少？) is about the
        # part before: searched with the whole question, its focus read from that part.
        bare = bool(previous) and not context and bool(own_kinds) and own_kinds <= VALUE_KINDS and not value_focus(text)
        searchable = topic_chars(with_context) >= MIN_OWN_CHARS and not (elliptic or follow_up or bare)
        query = with_context if searchable else question
        # The context may be about another part (我是个体户，增值税要交吗？个税税率多少？): a part
        # with a topic of its own is searched on its own as well.
        # So is a follow-up naming a topic of its own (要建多少个充电桩？换电站呢？).
        own = text if (context or follow_up) and topic_chars(text) >= MIN_OWN_CHARS else ""
        asked = f"{subject_of(previous)}{text}" if elliptic else f"{previous}{text}" if follow_up else ""
        parts.extend(comparison_sides(make_part(text, query, own=own, asked=asked, topic=previous, payers=payers), question))
        previous = previous if elliptic or follow_up else text  # 给钱吗？能给多少？最多多少？: both ask about 给钱
    return tuple(parts)


def _open_question(piece: str) -> bool:
    """`piece` ends in a question mark and asks an open question (运费怎么算？谁先审？带啥证件？)."""
    return bool(_OPEN_QUESTION.search(piece)) and not _RHETORICAL.search(piece)


def _pieces(question: str) -> list[tuple[str, int]]:
    """The comma and sentence pieces of `question` that hold more than blanks, with their offsets."""
    found: list[tuple[str, int]] = []
    offset = 0
    for clause in _PIECE.split(question):
        for piece in _SENTENCE_END.split(clause):
            if piece.strip():
                found.append((piece, offset))
            offset += len(piece)
    return found


def _with_follow_ups(asking: list[tuple[str, frozenset[Ask]]]) -> list[tuple[str, frozenset[Ask]]]:
    """Pieces with their kinds; a piece that asks nothing itself but ends in 呢 after a piece that
    asks (……有几天？工作满十年的呢？) asks the same kind."""
    found: list[tuple[str, frozenset[Ask]]] = []
    last: frozenset[Ask] = frozenset()
    for piece, kinds in asking:
        if not kinds and last and _FOLLOW_UP.search(piece):
            kinds = last
        found.append((piece, kinds))
        last = kinds or last
    return found


def subject_of(part_text: str) -> str:
    """What a part is about: its words without question phrasing and punctuation (政府给钱吗？ → 政府给钱);
    the words around a phrase taken out stay apart (能盖几层 → 能盖 层, not a word 盖层)."""
    return " ".join(_UNSPOKEN.sub(" ", _PHRASING.sub(" ", part_text)).split())
