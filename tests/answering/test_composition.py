"""Composing an answer: which missing value refuses a whole question (`missing_value_part`, the
rule the fit's simulation shares with composition), which sentence of a clause is quoted, and
when a yes/no question opens with a verdict."""

from __future__ import annotations

from rag.answering.asking import Ask
from rag.answering.composition import compose, missing_value_part
from rag.answering.decision import PartDecision, Verdict
from rag.answering.features import FEATURES, ClauseFeatures
from rag.answering.parts import Part
from rag.answering.selection import Scored
from rag.answering.terms import local_idf, question_terms
from rag.types import Clause, Hit


def decision(text: str, kinds: set[Ask], answered: bool, missing: Ask | None = None) -> PartDecision:
    part = Part(text, frozenset(kinds), text)
    return PartDecision(part, Verdict.ANSWER if answered else Verdict.REFUSE, (), 0.9 if answered else 0.1, missing)


def test_a_missing_amount_only_circled_by_a_yes_no_part_refuses_the_question() -> None:
    decisions = [decision("有没有展位补贴", {Ask.POLAR}, True), decision("补多少", {Ask.AMOUNT}, False, Ask.AMOUNT)]
    assert missing_value_part(decisions) == 1


def test_a_part_answering_a_value_of_its_own_keeps_the_question_answered() -> None:
    decisions = [decision("补贴标准是多少", {Ask.AMOUNT}, True), decision("申报截止时间是什么时候", {Ask.DATE}, False, Ask.DATE)]
    assert missing_value_part(decisions) is None


def test_no_missing_value_refuses_nothing() -> None:
    decisions = [decision("有没有展位补贴", {Ask.POLAR}, True), decision("在哪里申请", {Ask.PLACE}, False)]
    assert missing_value_part(decisions) is None


def test_the_quoted_sentence_is_the_one_naming_the_askers_measure() -> None:
    from rag.answering.composition import best_sentence
    from rag.answering.terms import question_terms, local_idf
    from rag.types import Clause

    text = "（一）购买2级能效产品的，按照销售价格的15%给予补贴；购买1级及以上能效产品的，按照销售价格的20%给予补贴。"
    clause = Clause("p:2.1", "p.txt", 0, len(text), 1, 1, ("二、补贴标准",), text)
    question = "买个一级能效的冰箱补多少？"
    part = Part(question, frozenset({Ask.AMOUNT}), question)
    terms = question_terms(question, local_idf([text]))
    assert "1级" in best_sentence(clause, part, terms)


def test_the_quoted_sentence_is_the_bracket_holding_the_askers_measure() -> None:
    from rag.answering.composition import best_sentence
    from rag.answering.terms import question_terms, local_idf
    from rag.types import Clause

    text = ("第九条 会员连续缴纳会费满1年不满5年的，每年可免费借阅30册；满5年不满10年的，每年可免费借阅60册；"
            "满10年以上的，借阅不限册数。")
    clause = Clause("p:9", "p.txt", 0, len(text), 1, 1, (), text)
    for question, bracket in (("我交了七年会费，每年能免费借几册？", "满5年不满10年"), ("交了三年半会费能借多少册？", "满1年不满5年"),
                              ("缴纳会费满十年的能借几册？", "满10年以上")):
        part = Part(question, frozenset({Ask.COUNT}), question)
        terms = question_terms(question, local_idf([text]))
        assert bracket in best_sentence(clause, part, terms), question


def test_a_follow_up_is_quoted_for_its_own_measure() -> None:
    from rag.answering.composition import best_sentence
    from rag.answering.terms import question_terms, local_idf
    from rag.types import Clause

    text = "第三条 职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；已满20年的，年休假15天。"
    clause = Clause("p:3", "p.txt", 0, len(text), 1, 1, (), text)
    whole = "年假一年有几天？工作满十年的呢？"
    part = Part("工作满十年的呢？", frozenset({Ask.DURATION}), whole)
    assert "已满10年不满20年" in best_sentence(clause, part, question_terms(whole, local_idf([text])))


def test_brackets_are_quoted_whole_when_the_asker_gives_no_measure_of_their_own() -> None:
    from rag.answering.composition import best_sentence
    from rag.answering.terms import question_terms, local_idf
    from rag.types import Clause

    text = ("第九条 会员连续缴纳会费满1年不满5年的，每年可免费借阅30册；满5年不满10年的，每年可免费借阅60册；"
            "满10年以上的，每年可免费借阅100册。会员证遗失的，应当及时挂失。")
    clause = Clause("p:9", "p.txt", 0, len(text), 1, 1, (), text)
    for question, whole in (("会员一年最多能免费借几册？", True), ("交了七年会费，每年能免费借几册？", False)):
        part = Part(question, frozenset({Ask.COUNT}), question)
        quoted = best_sentence(clause, part, question_terms(question, local_idf([text])))
        assert ("借阅30册" in quoted and "借阅100册" in quoted) is whole, question
        assert "挂失" not in quoted


def test_a_quoted_wording_spanning_two_sentences_is_quoted_whole_and_judged_the_same() -> None:
    from rag.answering.composition import _stating
    from rag.answering.verdicts import given_wording, wording_verdict
    from rag.types import Clause

    text = "（二）每位消费者每类产品可以补贴1件。其中空调产品最多可以补贴3件。"
    clause = Clause("p:2.2", "p.txt", 0, len(text), 1, 1, ("二、补贴标准",), text)
    question = "原文是不是写的“每类产品可以补贴1件，其中空调产品最多可以补贴3件”？"
    run = _stating(clause, "（二）每位消费者每类产品可以补贴1件。", given_wording(question))
    assert "每类产品可以补贴1件" in run and "最多可以补贴3件" in run
    assert wording_verdict(question, run) == "与所给表述一致"


def test_an_answer_names_its_document_without_an_issuer_count_its_quote_does_not_state(tmp_path) -> None:
    from rag.evaluation.metrics import number_faithfulness
    from tests.fakes import answer_over

    document = ("某省民政厅等7部门关于加强困难群众帮扶工作的通知\n一、加大帮扶力度\n"
                "（一）临时救助。对遭遇突发困难的家庭，按每人每月500元给予临时救助，最长不超过6个月。\n")
    answer = answer_over(tmp_path, {"aid.txt": document}, "临时救助每人每月给多少钱？")
    assert not answer.refused and "等部门" in answer.answer and "等7部门" not in answer.answer
    assert number_faithfulness(answer.answer, [citation.clause.text for citation in answer.citations]) == 1.0


def test_who_is_responsible_is_quoted_from_the_note_that_says_so() -> None:
    from rag.answering.composition import best_sentence
    from rag.answering.terms import question_terms, local_idf
    from rag.types import Clause

    text = ("（二）建设社区书屋。依托社区服务中心、图书馆分馆等场所，建设一批社区书屋，提供阅览、借还等服务。"
            "对验收合格的书屋给予一次性补助每个2万元。（责任单位：区文化旅游局、区财政局）")
    clause = Clause("p:3.2", "p.txt", 0, len(text), 1, 1, ("三、完善公共文化服务",), text)
    question = "社区书屋这项工作归哪几个部门负责？"
    part = Part(question, frozenset({Ask.RESPONSIBLE}), question)
    terms = question_terms(question, local_idf([text]))
    assert best_sentence(clause, part, terms).startswith("（责任单位：")
    other = Part("社区书屋提供哪些服务？", frozenset({Ask.LIST}), "社区书屋提供哪些服务？")
    assert "责任单位" not in best_sentence(clause, other, question_terms(other.text, local_idf([text])))
    # A yes/no question about who is responsible is answered by the note.
    polar = Part("社区书屋是区文化旅游局负责吗？", frozenset({Ask.POLAR}), "社区书屋是区文化旅游局负责吗？")
    assert best_sentence(clause, polar, question_terms(polar.text, local_idf([text]))).startswith("（责任单位：")
    # Words of the question the note holds (the bodies named) do not make it the answer to another question.
    asked = Part("区文化旅游局和区财政局的那项工作怎么做？", frozenset(), "区文化旅游局和区财政局的那项工作怎么做？")
    assert "责任单位" not in best_sentence(clause, asked, question_terms(asked.text, local_idf([text])))


def evidence_of(clause_id: str, text: str, probability: float, rank: int) -> Scored:
    clause = Clause(clause_id, "p.txt", 0, len(text), rank, rank, ("一、支持措施",), text)
    return Scored(ClauseFeatures(Hit(clause, 1.0, rank), tuple(0.0 for _ in FEATURES), 1.0), probability)


def test_a_yes_or_no_is_said_only_when_a_clause_stands_out() -> None:
    text = "（三）租房补贴。符合条件的高校毕业生可以申请租房补贴，每人每月500元。"
    question = "刚毕业的大学生能不能申请租房补贴？"
    part = Part(question, frozenset({Ask.POLAR}), question)
    evidence = (evidence_of("p:1.3", text, 0.8, 1),)
    terms = [question_terms(question, local_idf([text]))]
    assert compose(question, [PartDecision(part, Verdict.ANSWER, evidence, 0.9)], terms).text.startswith("可以[1]")
    hedged = compose(question, [PartDecision(part, Verdict.ANSWER, evidence, 0.9, hedged=True)], terms).text
    assert not hedged.startswith("可以") and "租房补贴" in hedged


def test_no_yes_opens_an_answer_quoting_an_exception_beside_the_rule() -> None:
    rule = "（五）吸纳就业补贴。对企业招用登记失业人员并签订1年以上劳动合同的，给予吸纳就业补贴。"
    exception = "（六）不予补贴情形。通过劳务派遣方式用工的，不予吸纳就业补贴。"
    question = "公司通过劳务派遣招的员工，能不能申请吸纳就业补贴？"
    part = Part(question, frozenset({Ask.POLAR}), question)
    terms = [question_terms(question, local_idf([rule, exception]))]
    alone = (evidence_of("p:1.5", rule, 0.8, 1),)
    assert compose(question, [PartDecision(part, Verdict.ANSWER, alone, 0.9)], terms).text.startswith("可以[1]")
    both = (*alone, evidence_of("p:1.6", exception, 0.7, 2))
    answer = compose(question, [PartDecision(part, Verdict.ANSWER, both, 0.9)], terms).text
    assert not answer.startswith("可以") and "不予吸纳就业补贴" in answer
