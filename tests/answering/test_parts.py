"""Questions split into the parts they ask, comparisons into their sides."""

from __future__ import annotations

from rag.answering.asking import COPIES, RECIPIENTS, Ask, asked_kinds
from rag.answering.parts import split_parts


def test_a_yes_no_and_a_time_limit_are_two_parts() -> None:
    parts = split_parts("网上买的衣服不喜欢，不说理由能退吗？要在几天内？")
    assert [part.kinds for part in parts] == [frozenset({Ask.POLAR}), frozenset({Ask.DURATION})]
    assert parts[1].query.startswith("网上买的衣服")  # a short part is searched with the whole question


def test_pieces_of_one_sentence_that_each_ask_are_parts_sharing_context() -> None:
    parts = split_parts("喝了酒开车被查到，第一次要扣多久驾照、罚多少钱？")
    assert [sorted(part.kinds) for part in parts] == [[Ask.DURATION], [Ask.AMOUNT, Ask.PENALTY]]
    assert parts[0].query.startswith("喝了酒开车被查到")


def test_an_open_question_is_a_part_of_its_own() -> None:
    # 运费怎么算 asks no kind of value, yet it is a question of its own, not context of the next one.
    parts = split_parts("网店退货以后，运费怎么算?几天内退款?")
    assert [part.text for part in parts] == ["运费怎么算?", "几天内退款?"]
    assert [part.kinds for part in parts] == [frozenset(), frozenset({Ask.DURATION})]
    assert parts[0].query.startswith("网店退货以后")  # searched with the words before it
    assert [part.text for part in split_parts("运费咋算?几天内退款?")] == ["运费咋算?", "几天内退款?"]
    assert len(split_parts("不知道运费怎么算?几天内退款?")) == 2  # 不知道 asks here


def test_who_a_report_goes_to_is_a_part_beside_its_time_limit() -> None:
    parts = split_parts("工地出了安全事故，要在几小时内上报、报给谁?")
    assert [part.kinds for part in parts] == [frozenset({Ask.DURATION}), frozenset({Ask.RESPONSIBLE})]


def test_an_open_question_after_a_value_asks_no_value() -> None:
    # Not a follow-up of the count before it: 怎么统筹调度 asks how, not how many.
    parts = split_parts("全市算力规模要突破多少?算力怎么统筹调度?")
    assert [part.kinds for part in parts] == [frozenset({Ask.COUNT}), frozenset()]


def test_a_rhetorical_question_is_no_part() -> None:
    for question in ("你说这叫什么事?补贴多久能到账?", "真不知道该怎么办?补贴多久能到账?", "凭什么?补贴多久能到账?"):
        (part,) = split_parts(question)
        assert part.kinds == frozenset({Ask.DURATION})


def test_a_single_question_is_one_part() -> None:
    (part,) = split_parts("入职时公司要扣我身份证，还让交两千块押金，这样可以吗？")
    assert part.kinds == frozenset({Ask.POLAR})


def test_comparison_sides_by_year_by_document_and_by_pair() -> None:
    years = split_parts("产业规模目标，2025年和2028年分别是多少？")
    assert [part.label for part in years] == ["2025年", "2028年"]
    assert "2028" not in years[0].query and "2025" not in years[1].query
    documents = split_parts("算力规模目标，先导区方案和数智经济方案分别提了多少？")
    assert [part.document for part in documents] == ["先导区方案", "数智经济方案"]
    pair = split_parts("四川的个体户首贷贴息和山东的大学生创业担保贷款，个人分别最多能拿到多少？")
    assert [part.label for part in pair] == ["四川的个体户首贷贴息", "山东的大学生创业担保贷款"]
    shared = split_parts("2025年某市和某省的产业规模目标分别是多少？")
    assert [part.query for part in shared] == ["2025年某市的产业规模目标分别是多少？", "某省的产业规模目标分别是多少？"]


def test_each_before_a_verb_of_saying_makes_sides_but_each_before_a_noun_does_not() -> None:
    said = split_parts("甲市的规划和乙省的实施意见在场景发布上各怎么说？")
    assert [part.label for part in said] == ["甲市的规划", "乙省的实施意见"]
    own = split_parts("停车办法和取暖细则，分别是哪天开始实行的，各自管到什么时候？")
    assert [part.label for part in own] == ["停车办法", "取暖细则"] * 2  # a part opening with 各自
    put = split_parts("市里和区里的补贴标准各是怎么表述的？")
    assert [part.query for part in put] == ["市里的补贴标准各是怎么表述的？", "区里的补贴标准各是怎么表述的？"]
    # 各区, 各部门, 各类, 各给水企业, 各定价部门: bodies or kinds named with 各, no comparison; nor
    # 各规定, whose 规定 may name a document.
    for question in (
        "市经信局和各区人民政府负责什么？", "企业和个人申报各类补贴要交什么材料？", "职工和居民在各定点医院住院报销多少？",
        "2024—2026年供水行动方案对各给水企业有什么要求？", "市水务局和各定价部门要做哪些工作？", "市经信局和各写字楼物业要做什么？",
        "省里的方案和市里的方案对补贴各规定了多少？", "各说明会的时间和地点是什么？", "市数据局和各讲师团要做什么？",
        "博物馆和纪念馆的各讲解员要培训多少小时？", "市政府和各有关部门要做哪些工作？", "乡镇和各为民服务中心负责什么？",
        "个人和企业在各为民服务中心能办哪些业务？", "土地和数据在各要素市场怎么交易？",
    ):
        assert len(split_parts(question)) == 1, question


def test_each_roster_of_addressees_is_a_side_of_its_own_and_only_those_sides_read_one() -> None:
    both = split_parts("某通知的主送单位和抄送单位分别是哪些？")
    assert [part.counter for part in both] == [RECIPIENTS, COPIES]
    # A side that is no roster of addressees does not read the other side's.
    issuer = split_parts("发文机关和抄送单位分别是哪些？")
    assert [(part.label, part.counter) for part in issuer] == [("发文机关", None), ("抄送单位", COPIES)]
    lead = split_parts("印发机关和主送机关各是什么？")
    assert [(part.label, part.counter) for part in lead] == [("印发机关", None), ("主送机关", RECIPIENTS)]
    # Years after an addressee question count what they ask for (辆), not the roster asked before them.
    years = split_parts("这份通知主送哪些单位？2024年和2025年分别推广多少辆新能源公交车？")
    assert [(part.label, part.counter) for part in years] == [("", RECIPIENTS), ("2024年", "辆"), ("2025年", "辆")]


def test_two_papers_joined_by_he_are_named_whole_and_share_what_follows() -> None:
    papers = split_parts("那篇报道和省里的实施意见对试错分别是什么态度？")
    assert [part.label for part in papers] == ["那篇报道", "省里的实施意见"]
    assert [part.query for part in papers] == ["那篇报道对试错分别是什么态度？", "省里的实施意见对试错分别是什么态度？"]
    # A document word running on into a noun is the topic (规划目标), shared by both sides.
    target = split_parts("那篇报道和全省的规划目标分别是多少？")
    assert [part.query for part in target] == ["那篇报道的规划目标分别是多少？", "全省的规划目标分别是多少？"]
    # Places before a shared topic stay places, even when the topic opens with a document word.
    places = split_parts("甲市和全省的规划目标分别是多少？")
    assert [part.query for part in places] == ["甲市的规划目标分别是多少？", "全省的规划目标分别是多少？"]


def test_two_fields_of_one_thing_are_sides_that_both_name_the_thing() -> None:
    sides = split_parts("养老服务中心建设的牵头单位和责任单位分别是什么？")
    assert [part.query for part in sides] == ["养老服务中心建设的牵头单位分别是什么？", "养老服务中心建设的责任单位分别是什么？"]
    # Only bodies in charge: 个人的缴费比例和单位比例 is not 个人的单位比例.
    other = split_parts("个人的缴费比例和单位比例分别是多少？")
    assert [part.query for part in other] == ["个人的缴费比例分别是多少？", "单位比例分别是多少？"]
    # A bare noun replacing the first side's last word keeps the topic before it.
    topic = split_parts("养老保险单位和个人分别交多少？")
    assert [part.query for part in topic] == ["养老保险单位分别交多少？", "养老保险个人分别交多少？"]
    plain = split_parts("产假和陪产假分别多少天？")
    assert [part.query for part in plain] == ["产假分别多少天？", "陪产假分别多少天？"]
    modified = split_parts("小微企业和个人分别减多少？")  # 小微 is no topic of 个人
    assert [part.query for part in modified] == ["小微企业分别减多少？", "个人分别减多少？"]


def test_years_that_date_the_named_documents_make_document_sides() -> None:
    dated = split_parts("某市2021年的养老方案和2024年的养老办法，床位补贴分别是多少？")
    assert [part.document for part in dated] == ["某市2021年的养老方案", "2024年的养老办法"]
    placed = split_parts("床位补贴的标准在2021年方案和2024年方案里分别是多少？")
    assert [part.document for part in placed] == ["2021年方案", "2024年方案"]
    assert all(part.query.startswith("床位补贴的标准") for part in placed)


def test_a_short_part_is_searched_with_the_context_not_with_the_other_parts() -> None:
    parts = split_parts("办理居住证以后，派出所多久发证、公示几天、要交多少钱？")
    assert len(parts) == 3
    assert parts[1].query == "办理居住证以后，公示几天"  # not the whole question, which also asks the others
    assert parts[1].own == ""  # too short to be searched alone


def test_a_part_with_its_own_topic_is_searched_without_the_context_as_well() -> None:
    parts = split_parts("我是开网店的个体户，月销售额五万，增值税要交吗？经营所得的个税税率是多少？")
    assert [part.own for part in parts] == ["增值税要交吗？", "经营所得的个税税率是多少？"]
    assert all(part.query.startswith("我是开网店的个体户") for part in parts)
    (single,) = split_parts("经营所得的个税税率是多少？")
    assert single.own == ""  # no context: the query is the part itself


def test_how_something_is_regulated_names_no_document() -> None:
    from rag.answering.references import document_refs

    for question in ("新旧两个办法，对补贴的规定有什么不同？", "补贴标准分别是怎么规定的？", "押金有什么规定？",
                     "对加班有哪些规定？", "试用期是怎样规定的？"):
        assert not any(ref.endswith("规定") for ref in document_refs(question)), question
    assert document_refs("养老服务补贴管理规定和运营补助办法分别怎么说？") == ["养老服务补贴管理规定", "运营补助办法"]


def test_a_bare_how_much_asks_about_the_part_before_it() -> None:
    parts = split_parts("在某市开一家机器人公司，政府给钱吗？能给多少？")
    assert [sorted(part.kinds) for part in parts] == [[Ask.POLAR], [Ask.AMOUNT]]  # 给钱 … 多少: money, not a count
    assert "给钱" in parts[1].query and "给钱" in parts[1].focus
    third = split_parts("某市对机器人企业给钱吗？能给多少？最多多少？")
    assert [sorted(part.kinds) for part in third][1:] == [[Ask.AMOUNT], [Ask.AMOUNT]]
    assert all("给钱" in part.focus for part in third[1:])
    loan = split_parts("可以申请创业贷款吗？最多多少？")
    assert loan[1].kinds == frozenset({Ask.AMOUNT}) and "贷款" in loan[1].focus
    # A part with a measure of its own keeps its own kind and is searched with the context only.
    listed = split_parts("办理居住证以后，派出所多久发证、公示几天、要交多少钱？")
    assert [sorted(part.kinds) for part in listed][1:] == [[Ask.DURATION], [Ask.AMOUNT]]
    assert listed[2].query == "办理居住证以后，要交多少钱？"


def test_a_follow_up_ending_in_ne_asks_what_the_part_before_it_asked() -> None:
    parts = split_parts("年假一年有几天？工作满十年的呢？")
    assert [part.text for part in parts] == ["年假一年有几天？", "工作满十年的呢？"]
    assert [sorted(part.kinds) for part in parts] == [[Ask.DURATION], [Ask.DURATION]]
    assert parts[1].query.startswith("年假")  # searched with the question it follows
    assert split_parts("公司不交社保怎么办呢？")[0].text == "公司不交社保怎么办呢？"  # one question, no follow-up


def test_a_follow_up_naming_its_own_topic_is_searched_and_focused_on_it() -> None:
    first, second = split_parts("到2028年要建多少个示范医院？示范学校呢？")
    assert second.own == second.text and "学校" in second.focus and "医院" not in second.focus
    assert first.own == ""


def test_a_value_asked_with_no_noun_of_its_own_is_about_the_part_before() -> None:
    parts = split_parts("市里给开网店的居民发不发创业补贴？每人能领多少？")
    assert len(parts) == 2 and {"创业", "补贴"} <= set(parts[1].focus.split())
    assert parts[1].query == "市里给开网店的居民发不发创业补贴？每人能领多少？"


def test_a_value_with_no_noun_beside_its_question_word_is_about_what_the_part_names() -> None:
    (part,) = split_parts("那批充电站准备建在哪几个区？")
    assert "充电站" in part.focus


def test_a_list_asked_respectively_goes_one_item_to_each_side() -> None:
    parts = split_parts("甲市方案和乙省意见，分别要求什么时候完成系统改造、出台实施细则？")
    assert [part.label for part in parts] == ["甲市方案", "乙省意见"]
    assert "系统改造" in parts[0].query and "细则" not in parts[0].query
    assert "实施细则" in parts[1].query and "系统改造" not in parts[1].query


def test_a_list_both_sides_ask_about_is_not_shared_out() -> None:
    parts = split_parts("单位和个人分别缴纳多少养老、医疗保险？")
    assert [part.label for part in parts] == ["单位", "个人"]
    assert all("养老、医疗保险" in part.query for part in parts)


def test_a_part_naming_its_own_document_is_about_it_not_about_the_part_before() -> None:
    question = "上海那个消费券方案，餐饮券是每周几发？还有浙江那个农机文件，插秧机按多少比例补？"
    first, second = split_parts(question)
    assert Ask.DATE in first.kinds  # 每周几: a day of the week
    assert Ask.RATIO in second.kinds
    assert "插秧机" in second.focus and "餐饮" not in second.focus
    assert "上海" not in second.query  # the first part's context names another document


def test_a_value_asked_after_a_yes_no_question_is_not_about_its_phrasing() -> None:
    first, second = split_parts("物业把停车费涨了一倍，这样可以吗？他要是不改会被罚多少？")
    assert Ask.POLAR in first.kinds and Ask.AMOUNT in second.kinds
    assert "可以吗" not in second.focus


def test_a_bare_how_much_after_a_part_about_money_asks_an_amount() -> None:
    parts = split_parts("我是博士，租房补贴最多能领三年吗？前前后后加起来一共能拿多少？")
    assert [sorted(kind.value for kind in part.kinds) for part in parts] == [["polar"], ["amount"]]
    assert "补贴" in parts[1].focus
    counted = split_parts("这个区要建几个示范点？一共要建多少个？")
    assert Ask.COUNT in counted[-1].kinds  # a counter of its own keeps it a count


def test_a_few_told_before_the_question_asks_no_count() -> None:
    from rag.answering.asking import told_few

    question = "我家要来几个外国亲戚，他们到了机场想换点人民币现金，手续麻不麻烦？另外他们没有中国手机号，能开数字人民币钱包吗？"
    parts = split_parts(question)
    assert [sorted(part.kinds) for part in parts] == [[Ask.POLAR], [Ask.POLAR]]
    assert Ask.COUNT not in asked_kinds("老房子推倒重建那几个月，我们在外面租房住，政府每月给多少租房补贴？")
    # asked where it stands, or with nothing asked after it, 几 still asks how many
    assert [sorted(part.kinds) for part in split_parts("公司有几个人？能补多少？")] == [[Ask.COUNT], [Ask.AMOUNT]]
    assert asked_kinds("店里现在有几个员工") == {Ask.COUNT}
    # a 几 with a modal or a verb of asking before it asks, comma or not
    assert [sorted(part.kinds) for part in split_parts("一年能领几次，每次多少钱？")] == [[Ask.COUNT], [Ask.AMOUNT]]
    assert Ask.DURATION in split_parts("要等几天，去哪里办？")[0].kinds
    assert Ask.DURATION in split_parts("一年可以请几天假，工资怎么算？")[0].kinds
    assert Ask.COUNT not in split_parts("我家是低保户，去参加技能培训那几天，有没有生活上的补助？一天给多少？")[0].kinds
    assert len(told_few(question)) == len(question)


def test_a_bare_follow_up_reads_the_words_before_it_without_joining_them_across_a_question_word() -> None:
    from rag.answering.asking import LENGTH

    first, second = split_parts("村里盖房最高能盖几层，多高？")
    assert (first.counter, second.counter) == ("层", LENGTH)
    assert second.focus == "盖房"  # not 盖层, made of 能盖 and 层 once 几 is taken out


def test_who_pays_is_no_focus_unless_it_tells_the_values_apart() -> None:
    # 国家能给补多少: the payer is the asker's way of asking, the value is about what the part names.
    paid = split_parts("家里想弄个家庭养老床位，搭建的时候国家能给补多少？")
    assert [part.focus for part in paid] == [""]
    assert split_parts("买新能源车政府给补多少钱？")[0].focus == "新能源车"
    # Two payers, in one part or two, or as sides: the values are told apart by them.
    assert "国家" in split_parts("农业保险国家补多少、省里补多少？")[0].focus
    assert "国家" in split_parts("农业保险国家补多少？省里补多少？")[0].focus
    assert [part.focus for part in split_parts("国家和省里分别能补多少？")] == ["国家", "省里"]
    # A level of government asked alone keeps its figure apart (县里补多少), and a giving verb inside a noun
    # (奖学金, 发改委, 出台) makes no payer.
    assert "县里" in split_parts("水稻保险县里补多少？")[0].focus
    assert "政府" in split_parts("省政府奖学金一年多少钱？")[0].focus
    assert "发改委" in split_parts("国家发改委能给补多少？")[0].focus
    # Payers are counted before a verb of giving only (中央空调 is no payer); year sides leave 国家 out too.
    assert split_parts("中央空调国家能给补多少？")[0].focus == "中央空调"
    assert [part.focus for part in split_parts("家庭养老床位2024年和2025年国家分别补多少？")] == ["家庭 床位"] * 2
