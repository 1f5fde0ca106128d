"""Evidence selection: each retrieved clause of a part scored by the learned evidence model.

`score_evidence` turns the feature rows of a part (`rag.answering.features`) into
probabilities that each clause is evidence for it; `part_values` summarises a part for
the answerable model; `choose_evidence` keeps the clauses an answer cites: the most
probable one (a clause stating the asked-for value first), then others that are likely
in their own right and close to the best.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.answering.absence import NOTHING_ABSENT, Absence, Lack
from rag.answering.actors import names_body, names_only_who, says_who
from rag.answering.asking import Ask, asked_object, holds, paid_object
from rag.answering.features import FEATURES, ClauseFeatures, context_text, value_kinds
from rag.answering.levels import issued_by, own_measure_place
from rag.answering.model import Classifier, Thresholds, as_values
from rag.answering.parts import Part
from rag.answering.sections import section_parts
from rag.answering.table_rows import asked_row, row_key, table_of
from rag.answering.terms import QuestionTerms, grams_of, word_options
from rag.text.numbers import FIGURE, find_quantities
from rag.text.ranges import Measure, excludes, measure_fit
from rag.text.sentences import clause_sentences, normalize
from rag.types import Clause

PART_FEATURES = (
    "best_probability", "second_probability", "best_context", "best_overlap", "best_sentence",
    "absent_share", "value_asked", "value_near", "focus_near", "polar_focus", "polar", "log_hits", "year_missing",
    "nouns_top", "nouns_near", "nouns_sentence", "asked_near", "asked_sentence", "asked_none",
    "asked_absent", "asked_rare_absent",
)
WORD_TOP = 3  # clauses looked at for the question's nouns
NO_TERMS = QuestionTerms(())
INFORMATIVE_SHARE = 0.6  # a term group this share of the heaviest one's weight counts as informative
NEAR_TOP = 5  # clauses looked at for the asked-for value
LIST_ITEMS = 5  # clauses a list question may cite (one side of a comparison cites one)


@dataclass(frozen=True)
class Scored:
    """A retrieved clause of a part with its probability of being evidence."""

    row: ClauseFeatures
    probability: float

    @property
    def clause(self) -> Clause:
        return self.row.clause


def score_evidence(rows: Sequence[ClauseFeatures], model: Classifier) -> list[Scored]:
    """The rows with their evidence probabilities, most probable first (ties by retrieval rank)."""
    return ranked(rows, model.probabilities([as_values(FEATURES, row.values) for row in rows]))


def ranked(rows: Sequence[ClauseFeatures], probabilities: Sequence[float]) -> list[Scored]:
    """The rows with the given probabilities, most probable first (ties by retrieval rank)."""
    scored = [Scored(row, probability) for row, probability in zip(rows, probabilities)]
    return sorted(scored, key=lambda item: (-item.probability, -item.row.get("inverse_rank")))


def part_values(
    part: Part, scored: Sequence[Scored], terms: QuestionTerms,
    nouns: QuestionTerms | None = None, asked: QuestionTerms | None = None,
) -> dict[str, float]:
    """The features of a whole part for the answerable model (`nouns`, `asked`: see `word_values`)."""
    best = scored[0] if scored else None
    near = scored[:NEAR_TOP]
    union = frozenset().union(*(grams_of(context_text(item.clause)) for item in scored[:3])) if scored else frozenset()
    heaviest = max((group.weight for group in terms.groups), default=0.0)
    return {
        "best_probability": best.probability if best else 0.0,
        "second_probability": scored[1].probability if len(scored) > 1 else 0.0,
        "best_context": max((item.row.get("context") for item in near), default=0.0),
        "best_overlap": max((item.row.get("overlap") for item in near), default=0.0),
        "best_sentence": max((item.row.get("sentence") for item in near), default=0.0),
        "absent_share": terms.absent(union, INFORMATIVE_SHARE * heaviest),
        "value_asked": float(bool(value_kinds(part))),
        "value_near": max((item.row.value_share for item in near), default=0.0) if value_kinds(part) else 0.0,
        "focus_near": max((item.row.get("focus") for item in near), default=0.0),
        "polar_focus": max((item.row.get("focus") for item in near), default=0.0) if part.asks(Ask.POLAR) else 0.0,
        "polar": float(part.asks(Ask.POLAR)),
        "year_missing": float(other_years_only(near)),
        "log_hits": float(len(scored) > 0) * (1.0 + min(len(scored), 10) / 10),
    } | word_values(scored[:WORD_TOP], nouns, asked)


def other_years_only(near: Sequence[Scored]) -> bool:
    """The part names a year, the best clause names only other years and no clause near the top
    names it: 2027年度个人交多少, where the documents set the 2026年度 contribution only."""
    return bool(near) and bool(near[0].row.get("year_other")) and not any(item.row.get("year_match") for item in near)


def word_values(top: Sequence[Scored], nouns: QuestionTerms | None, asked: QuestionTerms | None) -> dict[str, float]:
    """How much of the part's nouns (IDF-weighted) the top clauses hold: the best one, together,
    in one sentence; and the same for the words its question word asks about (哪个APP, 组长是谁),
    with the IDF of the rarest such word no top clause holds.

    The topic of a near-miss question is in the documents, the thing it asks about is not."""
    nouns, asked = nouns or NO_TERMS, asked or NO_TERMS
    contexts = [grams_of(context_text(item.clause)) for item in top]
    sentences = [grams_of(" ".join([sentence, *item.clause.section[-1:]])) for item in top for sentence in clause_sentences(item.clause)]
    union = frozenset().union(*contexts)
    absent = [group.weight for group in asked.groups if group.presence(union) < 1] if contexts else []
    return {
        "nouns_top": nouns.share(contexts[0]) if contexts else 0.0,
        "nouns_near": nouns.share(union),
        "nouns_sentence": max((nouns.share(grams) for grams in sentences), default=0.0),
        "asked_near": asked.share(union),
        "asked_sentence": max((asked.share(grams) for grams in sentences), default=0.0),
        "asked_none": float(not asked.groups),
        "asked_absent": float(bool(absent)),
        "asked_rare_absent": max(absent, default=0.0),
    }


def absent_objects(part: Part, top: Sequence[Scored]) -> Absence:
    """What a which/what question asks for (哪个APP, 什么证书) that none of the `top` clauses holds,
    in its own words or an official term: the documents speak of its topic, not of the thing asked.

    Nothing for a value question (the asked value decides), a who, wording, meaning or comparison
    question (answered in other words) and a yes/no question (its words are the claim it checks),
    except the tax or fee a yes/no question asks whether one must pay (`paid_object`). For any
    question, the place whose own addition to a higher level's measure it asks (`own_measure_place`)
    when no top clause is of a document that place issued."""
    if not top:
        return NOTHING_ABSENT
    text = part.query if part.label else part.text
    place = own_measure_place(part.query)  # with the question's context (南昌市在省里的标准上，有没有再加？)
    if place and not issued_by(place, (item.clause for item in top)):
        return Absence((place,), Lack.LOCAL)  # 西安市在省里的补贴之外还补多少: only 西安市's own document answers
    if value_kinds(part):
        return NOTHING_ABSENT
    if part.asks(Ask.POLAR):  # whether a tax or fee is due is decided by a clause naming it
        words, lack = [word for word in [paid_object(text)] if word], Lack.PAID
    elif part.asks(*_ANSWERED_OTHERWISE):
        return NOTHING_ABSENT
    else:
        words, lack = asked_object(text), Lack.OBJECT
    texts = [context_text(item.clause) for item in top]
    absent: list[str] = []
    for word in words:
        options = _word_options(word)
        union = frozenset().union(*(grams_of(unnamed_masked(text, word)) for text in texts))
        if options and not any(option <= union for option in options):
            absent.append(word)
    return Absence(tuple(absent), lack)


def unnamed_masked(text: str, word: str) -> str:
    """`text` without the mentions of `word` that withhold a name (某国际头部药企, 某些企业): a thing
    spoken of as 某…, which a which-question (哪家药企) asks to name, is not named there."""
    if "某" not in text:
        return text
    return re.sub(rf"某[^，,。；;！？!?\s]{{0,8}}?{re.escape(word)}", " ", text)


_ANSWERED_OTHERWISE = (Ask.POLAR, Ask.RESPONSIBLE, Ask.WORDING, Ask.DEFINITION, Ask.COMPARE, Ask.DOC_NUMBER, Ask.DOC_DATE,
                       Ask.ISSUER, Ask.PERIOD, Ask.TITLE, Ask.NEWER)
_word_options = lru_cache(maxsize=4096)(word_options)


def choose_evidence(part: Part, scored: Sequence[Scored], thresholds: Thresholds) -> list[Scored]:
    """The clauses to cite for a part, best first; empty when nothing was retrieved."""
    if not scored:
        return []
    pool, picked = _ordered_pool(part, scored, thresholds)
    if part.asks(Ask.RESPONSIBLE):
        # （三）加强重点废旧产品回收。 heads items whose last carries the note （责任单位：……）: who is
        # responsible for the item is stated by that note, not by the heading.
        noted = _responsible_below(pool[0], pool[:NEAR_TOP])
        if noted is not None:
            return [noted]
    if part.asks(Ask.LIST) and not value_kinds(part):
        parts = section_parts(part.text, [item.clause for item in pool], LIST_ITEMS)
        if parts:
            return [pool[index] for index in parts]
    if hedges(part, pool[0], thresholds):
        # No clause stands out: cite the few most probable ones rather than bet on one (not another
        # row of a table whose row the asker's words picked).
        extras = [item for item in pool[1:] if not _another_row(item, picked)][: max(1, thresholds.uncertain_items) - 1]
        chosen = pool[:1] + [item for item in extras if _likely_extra(item, pool[0], thresholds)]
    else:
        chosen = _with_extras(part, pool, thresholds, _askers_case(part), picked)
    if _asks_who_not_value(part) and says_who(chosen[0].clause.text):
        # 归哪个部门管: the answer is who; a clause beside it naming no one adds no answer.
        chosen = chosen[:1] + [item for item in chosen[1:] if says_who(item.clause.text)]
    return _without_restated_rows(chosen)


def own_place(scored: Sequence[Scored]) -> list[Scored]:
    """`scored` without the clauses of another place's documents: a question naming a place is not
    answered from them (all of `scored` when every clause is of another place)."""
    return [item for item in scored if not item.row.get("place_other")] or list(scored)


def _ordered_pool(part: Part, scored: Sequence[Scored], thresholds: Thresholds) -> tuple[list[Scored], Scored | None]:
    """The part's clauses that may answer it, the one to cite first at the head; and that head when it
    is the row of a table the asker's words picked (`_askers_row`)."""
    pool = own_place(scored)
    if not _about_who(part):
        # nor one not about who by a row of a task table naming only who does a task (序号；重点任务；牵头单位：……)
        pool = [item for item in pool if not names_only_who(item.clause)] or pool
    if value_kinds(part) and pool[0].row.value_share < thresholds.value_min:
        # A clause stating the value comes first, unless it is far less probable than the best one
        # (the only sum near the top may be a grant for something else).
        _to_front(pool, [item for item in pool[:NEAR_TOP] if states_value(item, pool[0], thresholds)])
    # 一级能效的空调补多少: the row of the head's table that the asker's words name, not its neighbour
    # (a measure of the asker's case, next, still decides: 67岁 picks the 60至69周岁 row). It takes
    # the head's probability: the evidence says which table answers, the asker's words which row.
    picked = _askers_row(part, pool)
    unraised = picked
    if picked is not None and picked is not pool[0]:
        pool.remove(picked)
        picked = _raised(picked, pool[0])
        pool.insert(0, picked)
    own_case = _askers_case(part)
    if own_case and _for_another_case(pool[0], own_case):
        # 店里12个员工……能给多少奖励: the 10人以上 row before the 不足10人 one.
        _to_front(pool, [item for item in pool[:NEAR_TOP] if measure_fit(normalize(item.clause.text), own_case)])
    if _asks_who_not_value(part) and _names_nobody(pool[0], pool[:NEAR_TOP]):
        # 楼道堆物归哪个部门管: a clause saying who (负责, 牵头, 由……查处) comes before one on the topic
        # naming no one, on the terms a stated value does (`states_value`); a named side or item
        # still comes first (below).
        _to_front(pool, [item for item in pool[1:NEAR_TOP] if _says_who_near(item, pool[0], thresholds)])
    if (part.label or part.place is not None or part.article is not None) and not pool[0].row.get("label_match"):
        # A named article is found wherever it ranks; a side or list item among the first few.
        reach = len(pool) if part.article is not None else NEAR_TOP
        _to_front(pool, [item for item in pool[:reach] if item.row.get("label_match")])
    if picked is not None and picked is not pool[0] and unraised is not None:
        # a later move displaced the picked row: it keeps its own probability
        pool[pool.index(picked)] = unraised
        picked = None
    return pool, picked


def _with_extras(
    part: Part, pool: Sequence[Scored], thresholds: Thresholds, own_case: list[Measure], picked: Scored | None,
) -> list[Scored]:
    """The head of `pool` and the clauses likely enough beside it: a named side or article is one
    clause, a list question cites up to `LIST_ITEMS`; a clause setting the rule for another case than
    the asker's (`own_case`) is left out, and so is another row of the table whose row (`picked`) the
    asker's words named."""
    chosen = [pool[0]]
    limit = 1 if _named(part, pool[0]) else LIST_ITEMS if part.asks(Ask.LIST) else thresholds.max_evidence
    for item in pool[1:]:
        if len(chosen) == limit:
            break
        if (own_case and _for_another_case(item, own_case)) or _another_row(item, picked):
            continue
        share = thresholds.list_share if part.asks(Ask.LIST) else thresholds.evidence_share
        floor = min(thresholds.evidence_min, share * chosen[0].probability) if part.asks(Ask.LIST) else thresholds.evidence_min
        # nearly as probable as the best, and not improbable in itself
        close = thresholds.margin > 0 and item.probability >= chosen[0].probability - thresholds.margin and _likely_extra(
            item, chosen[0], thresholds
        )
        if item.probability >= floor and item.probability >= share * chosen[0].probability or close:
            chosen.append(item)
    return chosen


def _askers_row(part: Part, pool: Sequence[Scored]) -> Scored | None:
    """The row of the head's table among the first few whose key the asker's words name
    (`table_rows.asked_row`); None when none stands out. Rows of one table differ in a cell or two,
    which the evidence model barely tells apart: their probabilities do not decide."""
    table = table_of(pool[0].clause)
    rows = [item for item in pool[:NEAR_TOP] if table and table_of(item.clause) == table]
    for words in _askers_words(part) if len(rows) > 1 else ():
        index = asked_row(words, [item.clause for item in rows])
        if index is not None:
            return rows[index]
    return None


def _askers_words(part: Part) -> tuple[str, ...]:
    """Where the asker's case is read: a side's own query; else the part, then the question around it
    when what that adds asks nothing itself (买了首套新房，算普通购房人。买房补贴最多能拿多少？), not
    another part (二孩家庭买房补多少？博士呢？: 博士呢 is no 二孩家庭)."""
    if part.label:
        return (part.query,)
    return (part.text,) if _QUESTION_MARK.search(part.query.replace(part.text, "")) else (part.text, part.query)


_QUESTION_MARK = re.compile(r"[？?]")


def stating_candidates(part: Part, scored: Sequence[Scored]) -> list[Scored]:
    """The clauses near the top that may state the asked value, as the evidence is chosen from them
    (`_ordered_pool`): none of another place's document when the question names a place (`own_place`:
    湖北实施意见的抄送单位 is not stated by a city's 抄送 line), no row of another key when the asker's
    words name a row (`for_asker`)."""
    return for_asker(part, own_place(scored)[:NEAR_TOP])


def for_asker(part: Part, near: Sequence[Scored]) -> list[Scored]:
    """`near` without the rows of a table whose row the asker's words name (`_askers_row`) that have
    another key: 我是D类人才，买房补多少 names the 高层次人才 row, so the 三孩家庭 row beside it states
    no sum for the asker, even where the named row's own sum is for another grade (C类)."""
    picked = _askers_row(part, near) if near else None
    if picked is None:
        return list(near)
    # the named row is measured as the head, whose probability it takes when cited (`_ordered_pool`)
    return [_raised(item, near[0]) if item is picked else item for item in near if not _another_row(item, picked)]


def _raised(picked: Scored, head: Scored) -> Scored:
    """The row the asker's words picked, with the head's probability if higher: the evidence says which
    table answers, the asker's words which row."""
    return Scored(picked.row, max(picked.probability, head.probability))


def _another_row(item: Scored, picked: Scored | None) -> bool:
    """`item` is a row of the table whose row `picked` the asker's words named, with another key."""
    return picked is not None and table_of(item.clause) == table_of(picked.clause) and row_key(item.clause) != row_key(picked.clause)


def _asks_who_not_value(part: Part) -> bool:
    """The part asks who (归哪个部门管, 谁来付) and for no value (赔多少谁说了算 asks a sum too)."""
    return part.asks(Ask.RESPONSIBLE) and not value_kinds(part)


def _about_who(part: Part) -> bool:
    """The part asks who, a list, names or a count, or speaks of who (是不是由区民政局牵头) or of a body
    (区民政局管哪些事): a row naming only who does a task may answer it."""
    return part.asks(Ask.RESPONSIBLE, Ask.LIST, Ask.NAMES, Ask.COUNT) or says_who(part.text) or names_body(part.text)


def _named(part: Part, best: Scored) -> bool:
    """The part names a side, or an article that `best` is."""
    return bool(part.label or (part.article is not None and best.row.get("label_match")))


def hedges(part: Part, best: Scored, thresholds: Thresholds) -> bool:
    """No clause stands out: the `best` one is less probable than `uncertain_below` and is not a
    side or article the part names. The answer then cites the few most probable clauses."""
    return not _named(part, best) and best.probability < thresholds.uncertain_below


def states_value(item: Scored, best: Scored, thresholds: Thresholds) -> bool:
    """`item` states the asked value and is not far less probable than the `best` clause: a sum in
    a clause on another topic near the top does not answer what a replacement certificate costs."""
    return item.row.value_share >= thresholds.value_min and item.probability >= thresholds.stated_share * best.probability


def _says_who_near(item: Scored, best: Scored, thresholds: Thresholds) -> bool:
    """`item` says who (`actors.says_who`) and is not far less probable than the `best` clause: the
    share that lets a clause stating an asked value come first (`stated_share`) serves here too."""
    return says_who(item.clause.text) and item.probability >= thresholds.stated_share * best.probability


def _without_restated_rows(chosen: list[Scored]) -> list[Scored]:
    """`chosen` without a table row whose every figure a chosen clause of the same document states
    in full (a 专栏 row summing up a measure the body sets out): the body is cited once, not twice,
    in the row's place and with the row's probability if higher (the answer opens with the figure,
    and is not hedged for it). A row saying who is not given up for a body naming no one."""
    figures = [_figures(item.clause) for item in chosen]  # read once per clause, compared pairwise
    kept: list[Scored] = []
    for item, own in zip(chosen, figures):
        body = next((
            other for other, theirs in zip(chosen, figures)
            if other.clause.kind != "row" and other.clause.file == item.clause.file and own <= theirs
            and (says_who(other.clause.text) or not says_who(item.clause.text))
        ), None) if item.clause.kind == "row" and own else None
        keep = item if body is None else Scored(body.row, max(body.probability, item.probability))
        if all(keep.row is not other.row for other in kept):
            kept.append(keep)
    return kept or chosen


def _figures(clause: Clause) -> frozenset[str]:
    """The values of a clause with their units, as written (not list numbers: 10. …)."""
    text = normalize(clause.text)
    return frozenset(text[found.start:found.end] for found in find_quantities(text)) | frozenset(FIGURE.findall(text))


def _names_nobody(head: Scored, near: Sequence[Scored]) -> bool:
    """`head` says who is in charge neither itself nor by a note in a clause under it."""
    return not says_who(head.clause.text) and _responsible_below(head, near) is None


def _responsible_below(head: Scored, near: Sequence[Scored]) -> Scored | None:
    """The clause under `head` (its id extends the head's) that names who is responsible, when the
    head itself names nobody; None otherwise."""
    if holds(Ask.RESPONSIBLE, head.clause.text):
        return None
    below = [item for item in near if item.clause.is_under(head.clause)]
    return next((item for item in below if holds(Ask.RESPONSIBLE, item.clause.text)), None)


def _likely_extra(item: Scored, best: Scored, thresholds: Thresholds) -> bool:
    """A clause cited beside a weak best one (within the margin, or when none stands out) is probable
    in itself and not far less probable than the best."""
    return item.probability >= max(thresholds.extra_min, thresholds.extra_share * best.probability)


def _to_front(pool: list[Scored], candidates: Sequence[Scored]) -> None:
    """The first of `candidates` moved to the head of `pool` (nothing when there is none)."""
    if candidates:
        pool.remove(candidates[0])
        pool.insert(0, candidates[0])


def _askers_case(part: Part) -> list[Measure]:
    """The measures of the asker's own case (店里12个员工) when a value is asked for it; none for a
    yes/no question, which the rule its case falls outside of decides (17岁能做育婴员吗: 应当年满18周岁)."""
    return part.case_measures if value_kinds(part) and not part.label and not part.asks(Ask.POLAR) else []


def _for_another_case(item: Scored, case: list[Measure]) -> bool:
    """The clause sets a rule for another case than the asker's (参保职工不足10人 for 店里12个员工)."""
    return excludes(normalize(item.clause.text), case)
