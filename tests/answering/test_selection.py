"""Tests of evidence selection and of the near-miss signals (rag.answering.selection, asking.asked_head)."""

from __future__ import annotations

from rag.answering.asking import asked_head
from rag.answering.features import FEATURES, ClauseFeatures
from rag.answering.model import Thresholds
from rag.answering.parts import make_part
from rag.answering.selection import Scored, choose_evidence, word_values
from rag.answering.terms import local_idf, word_terms
from rag.types import Clause, Hit


def clause(clause_id: str, text: str, section: tuple[str, ...] = ()) -> Clause:
    return Clause(clause_id, "law.txt", 0, len(text), 1, 1, section, text, doc_title="某某管理条例")


def scored(clause_: Clause, probability: float, rank: int, share: float = 1.0) -> Scored:
    values = tuple(1.0 / rank if name == "inverse_rank" else 0.0 for name in FEATURES)
    return Scored(ClauseFeatures(Hit(clause_, 1.0, rank), values, share), probability)


def test_asked_head_is_the_word_the_question_word_asks_about() -> None:
    assert asked_head("这个服务在哪个APP上能用？") == ["APP"]
    assert asked_head("领导小组的组长是谁？")[-1] == "组长"
    assert asked_head("申请这笔贷款需要什么担保？") == ["担保"]
    assert "医院" in asked_head("体检要去哪家医院做？")


def test_asked_head_leaves_out_words_that_frame_the_question() -> None:
    assert asked_head("这份通知的文号是多少？") == []
    assert asked_head("完成情况怎么样？") == []


def test_word_terms_count_a_colloquial_word_present_through_its_official_term() -> None:
    texts = ["中小企业可以申请贷款贴息", "个体工商户登记"]
    terms = word_terms(["小公司"], local_idf(texts))
    assert terms.share(frozenset({"中小", "小企", "企业"})) == 1.0


def test_near_miss_signal_fires_when_the_asked_word_is_absent_from_the_top_clauses() -> None:
    texts = ["第十条　职工患病的，享受医疗期待遇。", "第十一条　医疗期内用人单位不得解除劳动合同。"]
    top = [scored(clause(f"c{i}", text), 0.6, i + 1) for i, text in enumerate(texts)]
    idf = local_idf(texts)
    absent = word_values(top, word_terms(["医疗期"], idf), word_terms(["网站"], idf))
    present = word_values(top, word_terms(["医疗期"], idf), word_terms(["医疗期"], idf))
    assert absent["asked_absent"] == 1.0 and absent["asked_near"] == 0.0
    assert present["asked_absent"] == 0.0 and present["asked_near"] == 1.0
    assert absent["nouns_near"] == 1.0


def test_a_clause_nearly_as_probable_as_the_best_is_cited_within_the_margin() -> None:
    from dataclasses import replace

    part = make_part("职工患病能请多久的假？", "职工患病能请多久的假？")
    items = [scored(clause("a", "第一条　甲。"), 0.30, 1), scored(clause("b", "第二条　乙。"), 0.26, 2),
             scored(clause("c", "第三条　丙。"), 0.05, 3)]
    strict = Thresholds(evidence_min=0.5, evidence_share=0.9, value_min=0.0, margin=0.0)
    assert [item.clause.clause_id for item in choose_evidence(part, items, strict)] == ["a"]
    close = Thresholds(evidence_min=0.5, evidence_share=0.9, value_min=0.0, margin=0.05)
    assert [item.clause.clause_id for item in choose_evidence(part, items, close)] == ["a", "b"]
    # A wide margin under a weak best clause lets in clauses improbable in themselves, unless they must reach a floor.
    wide = Thresholds(evidence_min=0.5, evidence_share=0.9, value_min=0.0, margin=0.3)
    assert [item.clause.clause_id for item in choose_evidence(part, items, wide)] == ["a", "b", "c"]
    floored = Thresholds(evidence_min=0.5, evidence_share=0.9, value_min=0.0, margin=0.3, extra_min=0.1)
    assert [item.clause.clause_id for item in choose_evidence(part, items, floored)] == ["a", "b"]
    # So does the second clause cited when no clause stands out.
    unsure = Thresholds(value_min=0.0, uncertain_below=0.4, uncertain_items=3, extra_min=0.1)
    assert [item.clause.clause_id for item in choose_evidence(part, items, unsure)] == ["a", "b"]
    # And either kind of extra clause must reach a share of the best one's probability.
    weak = [scored(clause("a", "第一条　甲。"), 0.30, 1), scored(clause("b", "第二条　乙。"), 0.12, 2)]
    shared = Thresholds(evidence_min=0.5, evidence_share=0.9, value_min=0.0, margin=0.3, extra_min=0.1, extra_share=0.5)
    assert [item.clause.clause_id for item in choose_evidence(part, weak, shared)] == ["a"]
    assert [item.clause.clause_id for item in choose_evidence(part, weak, replace(shared, extra_share=0.3))] == ["a", "b"]
    unsure_shared = Thresholds(value_min=0.0, uncertain_below=0.4, uncertain_items=3, extra_min=0.1, extra_share=0.5)
    assert [item.clause.clause_id for item in choose_evidence(part, weak, unsure_shared)] == ["a"]


def test_a_side_labelled_with_its_doc_number_matches_its_own_clauses() -> None:
    from dataclasses import replace

    from rag.answering.features import label_match

    clause = Clause("a:1", "a.txt", 0, 20, 1, 1, ("一、补贴标准",), "（一）每张床位补贴200元。", doc_title="甲市养老服务补贴办法")
    part = replace(make_part("床位补贴分别是多少？", "床位补贴分别是多少？"), label="《甲市养老服务补贴办法》（甲政办〔2024〕7号）")
    assert label_match(part, clause)
    assert not label_match(replace(part, label="《乙市交通管理办法》"), clause)


def test_a_value_asked_for_a_year_is_not_stated_for_another_year() -> None:
    from rag.answering.asking import Ask
    from rag.answering.features import value_share

    target = clause("c1", "到2028年，全省养老床位总数突破5000张。")
    ranged = clause("c2", "2023—2025年，全省新增养老床位3000张。")
    undated = clause("c3", "全省养老床位总数约1200张。")
    years = frozenset({"2020"})
    assert value_share(target, [Ask.COUNT], None, years=years) == 0.0
    assert value_share(target, [Ask.COUNT], None) == 1.0  # no year asked
    assert value_share(ranged, [Ask.COUNT], None, years=frozenset({"2024"})) == 1.0  # 2024 lies in 2023—2025
    assert value_share(undated, [Ask.COUNT], None, years=years) == 1.0  # a sentence naming no year may be about it
    titled = Clause("c4", "plan.txt", 0, 20, 1, 1, (), "到2028年，全省养老床位总数突破5000张。", doc_title="2020年养老服务规划")
    assert value_share(titled, [Ask.COUNT], None, years=years) == 1.0  # the year is the document's own


def test_four_digits_without_nian_are_no_year() -> None:
    from rag.answering.asking import Ask
    from rag.answering.features import value_share
    from rag.text.dates import named_years

    assert named_years("月薪2000元的人能领多少？") == frozenset()
    assert value_share(clause("c5", "每人每月补贴2000元。"), [Ask.AMOUNT], None, years=frozenset({"2024"})) == 1.0
    running = clause("c6", "自2023年1月1日起，每人每月补贴500元。")
    assert value_share(running, [Ask.AMOUNT], None, years=frozenset({"2024"})) == 1.0  # it still applies in 2024


def test_asked_object_is_the_thing_a_which_or_what_question_names() -> None:
    from rag.answering.asking import asked_object

    assert asked_object("这个服务在哪个APP上能用？") == ["APP"]
    assert asked_object("到底是哪家药企？") == ["药企"]  # 药 + 企, one noun jieba cut in two
    assert asked_object("学员结业能拿到什么证书？") == ["证书"]
    # A manner, a list, a class named by its members and an abstract noun name no object.
    assert asked_object("如何认定劳动者严重失职？") == []
    assert asked_object("企业要准备哪些材料？") == []
    assert asked_object("示范区建在哪个城市？") == []
    assert asked_object("销售者负有什么义务？") == []
    assert asked_object("由市场监管局哪个处室负责？") == []  # an office is named 某某处, not 处室
    assert asked_object("医院哪个科室开证明？") == []
    assert asked_object("什么级别的医院能报销？") == []  # 什么X的Y asks for the attribute X
    # Only the noun right after the question word, never a verb after it or a lone character.
    assert asked_object("公积金在哪个银行开户？") == ["银行"]
    assert asked_object("去哪个区办理？") == []
    assert asked_object("哪里能查到名单？") == []  # after 哪里 comes the predicate
    assert asked_object("哪怕没有社保也能申请吗？") == []  # 哪怕 is no question word


def test_a_which_question_whose_object_no_top_clause_names_is_refused_naming_it() -> None:
    from rag.answering.decision import PartDecision, settle
    from rag.answering.selection import absent_objects

    def settled(question: str, top: list[Scored]) -> PartDecision:
        part = make_part(question, question)
        return settle(part, top, 0.9, Thresholds(answer_min=0.2), absent_objects(part, top))

    texts = ["第五条　市民可以通过政务服务助手查询办事进度。", "第六条　政务服务助手由市数据局建设。"]
    top = [scored(clause(f"c{i}", text), 0.6, i + 1) for i, text in enumerate(texts)]
    app = settled("政务服务助手在哪个APP上能用？", top)
    assert not app.answered and [word.lower() for word in app.absent.words] == ["app"]
    client = [scored(clause("c9", "第七条　市民可以在“某某通”客户端使用政务服务助手。"), 0.6, 1)]
    assert settled("政务服务助手在哪个APP上能用？", client).answered
    named = settled("政务服务助手由哪个单位建设？", top)
    assert named.answered  # 单位 frames a who question: the clause names the body instead
    yes_no = settled("政务服务助手能在APP上用吗？", top)
    assert yes_no.answered  # a yes/no question's words are the claim it checks, not an object


def test_the_refusal_names_the_object_asked_for(tmp_path) -> None:
    from tests.fakes import answer_over

    document = ("某市政务服务助手推广方案\n一、工作目标\n（一）推广政务服务助手。市民可以通过政务服务助手查询办事进度，"
                "实现掌上办理。\n（二）政务服务助手由市数据局负责建设和运营维护。\n")
    answer = answer_over(tmp_path, {"assistant.txt": document}, "政务服务助手在哪个APP上能用？")
    assert answer.refused
    assert "未说明" in answer.answer and "具体APP" in answer.answer  # as the asker wrote it, not folded to app
    assert answer.citations  # the related clauses are still shown


def test_a_ceiling_asked_is_not_stated_by_a_sentence_setting_only_a_floor() -> None:
    from rag.answering.asking import Ask
    from rag.answering.features import value_share

    floor = clause("f", "第十八条　缴存比例不得低于职工上一年度月平均工资的5%。")
    ceiling = clause("g", "第十九条　缴存比例最高不得超过职工上一年度月平均工资的12%。")
    assert value_share(floor, [Ask.RATIO], None, end="upper") == 0.0
    assert value_share(floor, [Ask.RATIO], None, end="lower") == 1.0
    assert value_share(floor, [Ask.RATIO], None) == 1.0  # no end asked
    assert value_share(ceiling, [Ask.RATIO], None, end="upper") == 1.0


def test_a_value_in_a_list_or_a_bracketed_note_is_read_with_what_it_belongs_to() -> None:
    from rag.answering.asking import Ask
    from rag.answering.features import value_share
    from rag.answering.terms import question_terms

    def idf(grams):
        return {gram: 1.0 for gram in grams}

    hours = clause("c1", "3．托育服务分为两段：第一段为日间照护，至17时结束；第二段为延时照护，时间为17:30至19:00。")
    unled = clause("c2", "第一段为日间照护，至17时结束；第二段为延时照护，时间为17:30至19:00。")
    # 延时照护 is in the second item, 托育 only in the lead-in that opens the list.
    focus = question_terms("托育 延时照护", idf)
    assert value_share(hours, [Ask.DATE], focus) == 1.0
    assert value_share(unled, [Ask.DATE], focus) < 1.0
    noted = clause("c3", "（二）加大资金支持。对完成节能改造的企业给予补贴。（责任单位：丙市财政局、丙市发展改革委、丙市税务局）")
    focus = question_terms("节能改造 补贴", idf)
    asked = "节能改造补贴由哪些单位负责兑现？"
    assert value_share(noted, [Ask.NAMES], focus, part_text=asked) == 1.0
    # a note on who is responsible does not name who may claim, nor the experts who review
    assert value_share(noted, [Ask.NAMES], focus, part_text="节能改造补贴由哪些专家评审？") < 1.0
    assert value_share(noted, [Ask.NAMES], focus, part_text="能拿节能改造补贴的是哪些单位？") < 1.0
    plain = clause("c4", "（二）加大资金支持。对完成节能改造的企业给予补贴。丙市财政局、丙市发展改革委、丙市税务局另行通知。")
    assert value_share(plain, [Ask.NAMES], focus, part_text=asked) < 1.0

def test_a_thing_spoken_of_as_mou_is_not_named() -> None:
    from rag.answering.selection import absent_objects, unnamed_masked

    assert unnamed_masked("某大型物流企业采用了该系统。", "物流企业") == " 采用了该系统。"
    assert unnamed_masked("甲物流企业采用了该系统。", "物流企业") == "甲物流企业采用了该系统。"
    question = "报道说有家物流企业用了这套调度系统，是哪家物流企业？"
    part = make_part(question, question)
    withheld = clause("c1", "某大型物流企业采用该调度系统后，配送效率提升30%。")
    named = clause("c2", "丙市顺达物流企业采用该调度系统后，配送效率提升30%。")
    assert absent_objects(part, [scored(withheld, 0.9, 1)])  # the company is never named
    assert not absent_objects(part, [scored(named, 0.9, 1)])


def test_a_value_for_the_askers_case_is_read_off_the_rule_for_that_case(tmp_path) -> None:
    from tests.fakes import answer_over

    measures = ("丙省人民政府办公厅关于支持个体工商户转型为企业的若干措施\n丙政办发〔2025〕3号\n一、奖励标准\n（一）对转型为企业的个体工商户给予一次性奖励，标准见附表。\n"
                "（二）从事母婴护理服务的人员应当年满18周岁。\n附表 奖励标准\n转型后企业类型\t附加条件\t奖励标准\n"
                "有限责任公司\t参保职工不足10人\t1万元\n有限责任公司\t参保职工10人以上\t2万元\n")
    answer = answer_over(tmp_path, {"measures.txt": measures}, "我店里12个员工都交着社保，转成企业以后能给多少奖励？")
    assert not answer.refused and "2万元" in answer.answer and "1万元" not in answer.answer
    # a yes/no question is decided by the rule its case falls outside of
    young = answer_over(tmp_path, {"measures.txt": measures}, "我女儿17岁，能去做母婴护理吗？")
    assert "年满18周岁" in young.answer


def test_a_table_row_restating_a_cited_clause_of_its_document_is_cited_once() -> None:
    from dataclasses import replace

    part = make_part("出口退税几天能办完？", "出口退税几天能办完？")
    body = clause("body", "（十一）加快出口退税办理进度。一类、二类出口企业正常出口退税的平均办理时间压缩至3个工作日以内。")
    row = replace(clause("row", "支持事项：出口退税；支持对象：一类、二类出口企业；办理时限：3个工作日内"), kind="row")
    roster = replace(clause("roster", "支持事项：文旅体育消费；支持方式：另行制定"), kind="row")  # no figure of its own
    loose = Thresholds(evidence_min=0.1, evidence_share=0.1, value_min=0.0)
    cited = choose_evidence(part, [scored(row, 0.6, 1), scored(body, 0.5, 2), scored(roster, 0.4, 3)], loose)
    assert [item.clause.clause_id for item in cited] == ["body", "roster"]
    other_file = replace(body, file="other.txt")  # another document's clause restates nothing of this one
    cited = choose_evidence(part, [scored(row, 0.6, 1), scored(other_file, 0.5, 2)], loose)
    assert [item.clause.clause_id for item in cited] == ["row", "body"]


def test_who_is_responsible_for_an_item_is_the_note_under_its_heading() -> None:
    from dataclasses import replace

    part = make_part("“加强废旧产品回收”一项的责任单位有哪些？", "“加强废旧产品回收”一项的责任单位有哪些？")
    heading = replace(clause("c", "（三）加强废旧产品回收。"), clause_id="doc:2.3")
    first = replace(clause("c", "1．废旧家电。鼓励销售企业开展以旧换新。"), clause_id="doc:2.3.1")
    noted = replace(clause("c", "2．报废机动车。优化回收企业布局。（责任单位：商务部、公安部按职责分工负责）"), clause_id="doc:2.3.2")
    other = replace(clause("c", "（四）推进农业废弃物利用。（责任单位：农业农村部）"), clause_id="doc:2.4")
    loose = Thresholds(evidence_min=0.1, evidence_share=0.1, value_min=0.0)
    items = [scored(heading, 0.9, 1), scored(other, 0.3, 2), scored(first, 0.2, 3), scored(noted, 0.1, 4)]
    assert [item.clause.clause_id for item in choose_evidence(part, items, loose)] == ["doc:2.3.2"]
    named = replace(heading, text="（三）加强废旧产品回收。由商务部牵头负责。")  # the heading names who itself
    assert choose_evidence(part, [scored(named, 0.9, 1), *items[1:]], loose)[0].clause.clause_id == "doc:2.3"


def test_a_clause_stating_the_value_counts_only_when_not_far_less_probable_than_the_best() -> None:
    from rag.answering.decision import settle
    from rag.answering.selection import Absence, Lack, states_value

    part = make_part("会员卡弄丢了，重新办一张收多少钱？", "会员卡弄丢了，重新办一张收多少钱？")
    best = scored(clause("a", "第十二条　会员卡遗失的，持卡人应当及时挂失并申请补办。"), 0.40, 1, 0.0)
    far = scored(clause("b", "第二十条　新建图书室给予一次性补助每个1万元。"), 0.02, 2, 1.0)
    near = scored(clause("c", "第十三条　补办会员卡的，每张收取工本费10元。"), 0.20, 2, 1.0)
    thresholds = Thresholds(value_min=0.5, stated_share=0.2, answer_min=0.0)
    assert not states_value(far, best, thresholds) and states_value(near, best, thresholds)
    nothing = Absence((), Lack.OBJECT)
    assert settle(part, [best, far], 0.9, thresholds, nothing).verdict.value == "refuse"
    answered = settle(part, [best, near], 0.9, thresholds, nothing)
    assert [item.clause.clause_id for item in answered.evidence][0] == "c"
    # without the share (stated_share 0) any value near the top counts, as before
    assert settle(part, [best, far], 0.9, Thresholds(value_min=0.5, answer_min=0.0), nothing).verdict.value == "answer"


def test_who_is_answered_by_a_clause_naming_who_before_one_on_the_topic_naming_nobody() -> None:
    part = make_part("楼道里堆满杂物，归哪个部门管？", "楼道里堆满杂物，归哪个部门管？")
    topic = scored(clause("a", "第八条　任何单位和个人不得在楼道、楼梯间堆放杂物。"), 0.50, 1)
    who = scored(clause("b", "第三条　区消防救援机构负责本辖区楼道消防安全的监督检查。"), 0.30, 2)
    faint = scored(clause("c", "第四条　街道办事处负责组织辖区内的宣传工作。"), 0.05, 3)
    thresholds = Thresholds(evidence_min=0.2, evidence_share=0.5, margin=0.0, value_min=0.5, stated_share=0.2)
    cited = [item.clause.clause_id for item in choose_evidence(part, [topic, who, faint], thresholds)]
    assert cited == ["b"]  # the clause naming no one is not cited beside who
    # a clause naming who but far less probable than the best does not come first
    assert choose_evidence(part, [topic, faint], thresholds)[0].clause.clause_id == "a"
    # a body acting is who as well: 由……先行清偿 is cited beside 负责
    pays = scored(clause("d", "第十八条　分包单位拖欠工资的，由施工总承包单位先行清偿。"), 0.45, 2)
    cited = [item.clause.clause_id for item in choose_evidence(part, [who, pays, topic], thresholds)]
    assert cited == ["b", "d"]


def test_a_part_asking_who_and_a_sum_keeps_the_clause_stating_the_sum_first() -> None:
    part = make_part("这笔补贴谁来发，一个月发多少？", "这笔补贴谁来发，一个月发多少？")
    who = scored(clause("w", "第五条　区人力资源社会保障部门负责补贴的审核发放。"), 0.60, 1, 0.0)
    sum_ = scored(clause("v", "第六条　补贴标准为每人每月500元。"), 0.15, 2, 1.0)
    thresholds = Thresholds(evidence_min=0.3, evidence_share=0.5, margin=0.0, value_min=0.5, stated_share=0.2)
    assert [item.clause.clause_id for item in choose_evidence(part, [who, sum_], thresholds)][0] == "v"


def test_a_task_table_row_naming_only_who_answers_only_a_question_about_who() -> None:
    from dataclasses import replace

    roster = replace(clause("r", "序号：3；重点任务：智慧养老；牵头单位：市民政局；责任单位：市卫健委"), kind="row")
    body = clause("p", "（三）发展智慧养老。推广智能照护设备，建设养老服务信息平台。")
    thresholds = Thresholds(evidence_min=0.2, evidence_share=0.5, margin=0.0)

    def first_cited(question: str, items: list[Scored]) -> list[str]:
        return [item.clause.clause_id for item in choose_evidence(make_part(question, question), items, thresholds)]

    both = [scored(roster, 0.6, 1), scored(body, 0.5, 2)]
    assert first_cited("智慧养老打算做些什么？", both) == ["p"]
    assert first_cited("智慧养老由哪个部门牵头？", both)[0] == "r"  # asks who
    assert first_cited("智慧养老这件事，民政局也参与吗？", both)[0] == "r"  # names a body
    assert first_cited("智慧养老打算做些什么？", [scored(roster, 0.6, 1)]) == ["r"]  # rather than nothing
    # the row does not let another place's clause in: the place filter keeps its own fallback
    elsewhere = scored(clause("x", "（三）发展智慧养老。建设智慧养老院。"), 0.7, 1)
    elsewhere = Scored(replace(elsewhere.row, values=tuple(
        1.0 if name == "place_other" else value for name, value in zip(FEATURES, elsewhere.row.values)
    )), 0.7)
    assert first_cited("智慧养老打算做些什么？", [elsewhere, scored(roster, 0.6, 2)]) == ["r"]


def test_the_row_of_a_table_the_asker_names_comes_before_its_more_probable_neighbour() -> None:
    from dataclasses import replace

    level2 = replace(clause("doc:annex.t1.r1", "品类：热水器（2级能效）；补贴标准：销售价格的10%；补贴上限：每台800元"), kind="row")
    level1 = replace(clause("doc:annex.t1.r2", "品类：热水器（1级能效）；补贴标准：销售价格的15%；补贴上限：每台1200元"), kind="row")
    other = clause("doc:3.2", "（二）规范补贴发放。补贴资金按季度拨付。")
    thresholds = Thresholds(evidence_min=0.3, evidence_share=0.7, margin=0.0, value_min=0.5, uncertain_below=0.2, uncertain_items=2)
    items = [scored(level2, 0.6, 1), scored(other, 0.35, 2), scored(level1, 0.05, 3)]

    def cited(question: str) -> list[str]:
        return [item.clause.clause_id for item in choose_evidence(make_part(question, question), items, thresholds)]

    # the named row comes first with the head's probability (no hedge), its neighbour row is not cited
    assert cited("想买个一级能效的热水器，一台最多补多少？") == ["doc:annex.t1.r2"]
    assert cited("热水器一台最多补多少？") == ["doc:annex.t1.r1"]  # names no row: the model's order stands
    # a comparison side reads its own query, not the other side's row
    side = make_part("一级能效和二级能效的热水器分别补多少？", "二级能效的热水器分别补多少？", "二级能效")
    assert choose_evidence(side, [scored(level1, 0.6, 1), scored(level2, 0.3, 2)], thresholds)[0].clause.clause_id == "doc:annex.t1.r1"
    # a follow-up does not take the row another part named
    follow = make_part("二级能效呢？", "一级能效的热水器补多少？二级能效呢？")
    assert choose_evidence(follow, [scored(level1, 0.6, 1), scored(level2, 0.3, 2)], thresholds)[0].clause.clause_id == "doc:annex.t1.r1"
    unnamed = make_part("电动车呢？", "一级能效的热水器补多少？电动车呢？")
    assert choose_evidence(unnamed, [scored(level2, 0.6, 1), scored(level1, 0.3, 2)], thresholds)[0].clause.clause_id == "doc:annex.t1.r1"


def test_a_row_restated_by_the_body_gives_its_place_to_the_body() -> None:
    from dataclasses import replace

    part = make_part("规划里龙头企业的培育目标是多少家？", "规划里龙头企业的培育目标是多少家？")
    row = replace(clause("row", "序号：4；指标名称：龙头企业数量；2025年目标：100家以上"), kind="row")
    aside = clause("aside", "培育龙头企业。完善梯度培育政策措施，建立部门协同机制。")
    body = clause("body", "发展目标。到2025年，培育100家以上龙头企业。")
    loose = Thresholds(evidence_min=0.1, evidence_share=0.1, value_min=0.0)
    cited = choose_evidence(part, [scored(row, 0.6, 1), scored(aside, 0.5, 2), scored(body, 0.4, 3)], loose)
    assert [item.clause.clause_id for item in cited] == ["body", "aside"]
    assert cited[0].probability == 0.6  # the row's place and probability: the answer is not hedged for the swap
    # a row saying who is not given up for a body naming no one
    who = make_part("培育龙头企业由哪个部门牵头？", "培育龙头企业由哪个部门牵头？")
    task = replace(clause("task", "重点任务：到2025年培育100家龙头企业；牵头单位：市经信局"), kind="row")
    hedging = Thresholds(evidence_min=0.3, value_min=0.0, uncertain_below=0.2, uncertain_items=2, extra_min=0.1, extra_share=0.3)
    cited = choose_evidence(who, [scored(task, 0.18, 1), scored(body, 0.15, 2)], hedging)
    assert [item.clause.clause_id for item in cited] == ["task"]
