"""Deciding whether a part is answered (a question far in meaning from every clause is refused),
and whether its answer hedges (no clause stands out)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answering.decision import decide, off_topics
from rag.answering.features import FEATURES, ClauseFeatures
from rag.answering.model import AnsweringModel, Logistic, Thresholds
from rag.answering.parts import make_part
from rag.answering.selection import Scored
from rag.answering.terms import QuestionTerms
from rag.types import Clause, Hit

pytestmark = pytest.mark.usefixtures("real_off_topics")  # the session's fake e5 engine switches the check off

SURE = Logistic((), (), 5.0, (), ())  # the answerable model says yes whatever the features


def similar(text: str, similarity: float, probability: float, rank: int, value_share: float = 1.0) -> Scored:
    clause = Clause(f"c{rank}", "rules.txt", 0, len(text), rank, rank, (), text, doc_title="某市公共图书馆管理办法")
    values = tuple(
        1.0 / rank if name == "inverse_rank" else similarity if name == "semantic" else 0.0 for name in FEATURES
    )
    return Scored(ClauseFeatures(Hit(clause, 1.0, rank), values, value_share), probability)


def test_a_question_far_from_every_clause_is_refused_however_sure_the_answerable_model() -> None:
    model = AnsweringModel(SURE, SURE, Thresholds(min_similarity=0.845))
    part = make_part("感冒了吃什么药好?", "感冒了吃什么药好?")
    far = [similar("第八条　读者借阅图书，每次不超过十册。", 0.81, 0.3, 1), similar("第九条　借阅期限为三十日。", 0.80, 0.1, 2)]
    assert off_topics(far, model.thresholds)
    assert not decide(part, far, QuestionTerms(()), model, semantic=True).answered
    # A value asked of documents on other matters is not said to be missing from them (未规定……金额):
    # the documents are not about it at all.
    priced = make_part("感冒药一盒多少钱?", "感冒药一盒多少钱?")
    unpriced = [similar(item.clause.text, item.row.get("semantic"), item.probability, rank, value_share=0.0)
                for rank, item in enumerate(far, start=1)]
    assert decide(priced, unpriced, QuestionTerms(()), model).missing is not None
    off = decide(priced, unpriced, QuestionTerms(()), model, semantic=True)
    assert not off.answered and off.missing is None and off.off_topic
    # Without the similarities the model was fitted on (another embedder), nothing is decided by them.
    assert decide(part, far, QuestionTerms(()), model, semantic=False).answered
    # One clause close in meaning is enough.
    near = [*far, similar("第十条　读者可以在服务台领取常用药品。", 0.87, 0.05, 3)]
    assert not off_topics(near, model.thresholds)
    assert decide(part, near, QuestionTerms(()), model, semantic=True).answered
    assert not off_topics(far, Thresholds())  # off unless a model file sets it for its embedder


def test_an_answer_with_no_clause_standing_out_is_hedged() -> None:
    model = AnsweringModel(SURE, SURE, Thresholds(uncertain_below=0.2, uncertain_items=2))
    part = make_part("读者能不能把书带回家?", "读者能不能把书带回家?")
    rules = [similar("第八条　读者可以外借图书。", 0.9, 0.6, 1), similar("第九条　借阅期限为三十日。", 0.9, 0.1, 2)]
    assert not decide(part, rules, QuestionTerms(()), model).hedged
    unsure = [similar(item.clause.text, 0.9, 0.15, rank) for rank, item in enumerate(rules, start=1)]
    assert decide(part, unsure, QuestionTerms(()), model).hedged
    # A side the question names (甲方案……？乙方案……？) is found by its name, however improbable.
    side = replace(make_part("读者能不能把书带回家?", "读者能不能把书带回家?"), label="第八条")
    assert not decide(side, unsure, QuestionTerms(()), model).hedged


def table_row(number: int, text: str, probability: float, value_share: float) -> Scored:
    clause = replace(Clause(f"d:h2.t1.r{number}", "rules.txt", 0, len(text), number, number, (), text), kind="row")
    values = tuple(1.0 / number if name == "inverse_rank" else 0.0 for name in FEATURES)
    return Scored(ClauseFeatures(Hit(clause, 1.0, number), values, value_share), probability)


def test_a_row_for_another_key_states_no_value_for_the_asker_whose_key_a_row_names() -> None:
    model = AnsweringModel(SURE, SURE, Thresholds(value_min=0.6, stated_share=0.2))
    rows = [
        table_row(1, "购房人类别：高层次人才；认定条件：经认定的C类人才；补贴上限：5万元", 0.17, 0.0),  # another grade
        table_row(2, "购房人类别：三孩家庭；补贴标准：网签价款的2%；补贴上限：5万元", 0.08, 1.0),
    ]
    asker = make_part("我被认定为D类人才，买房能补多少？", "我被认定为D类人才，买房能补多少？")
    refused = decide(asker, rows, QuestionTerms(()), model)
    assert not refused.answered and refused.missing is not None  # the 三孩家庭 row is not the asker's
    family = make_part("我家是三孩家庭，买房能补多少？", "我家是三孩家庭，买房能补多少？")
    assert decide(family, rows, QuestionTerms(()), model).answered
    # the asker's row is measured as the head: far less probable than it, it still states the value
    low = [table_row(1, rows[0].clause.text, 0.60, 0.0), table_row(2, rows[1].clause.text, 0.05, 1.0)]
    assert decide(family, low, QuestionTerms(()), model).answered


def placed(text: str, probability: float, rank: int, value_share: float, other_place: bool) -> Scored:
    clause = Clause(f"p{rank}", f"doc{rank}.txt", 0, len(text), rank, rank, (), text)
    values = tuple(
        1.0 / rank if name == "inverse_rank" else float(other_place) if name == "place_other" else 0.0 for name in FEATURES
    )
    return Scored(ClauseFeatures(Hit(clause, 1.0, rank), values, value_share), probability)


def test_a_value_stated_only_in_another_places_document_is_missing_for_the_named_place() -> None:
    model = AnsweringModel(SURE, SURE, Thresholds(value_min=0.6, stated_share=0.2))
    part = make_part("甲省的方案抄送了哪些单位？", "甲省的方案抄送了哪些单位？")
    own = placed("甲省人民政府办公厅关于印发某方案的通知", 0.3, 1, 0.0, other_place=False)
    other = placed("抄送：市纪委监委机关，市委办公厅，各人民团体。", 0.2, 2, 1.0, other_place=True)
    assert not decide(part, [own, other], QuestionTerms(()), model).answered
    # the same line in the named place's own document states it
    assert decide(part, [own, placed(other.clause.text, 0.2, 2, 1.0, other_place=False)], QuestionTerms(()), model).answered
