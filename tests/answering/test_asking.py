"""What a question asks for, read off its question phrase, and whether a text states it."""

from __future__ import annotations

import pytest

from rag.answering.asking import Ask, asked_kinds, holds, names_listed, value_focus


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("企业招一个应届毕业生，能拿多少补贴？", Ask.AMOUNT),
        ("住房公积金存款的年利率现在是百分之几？", Ask.RATIO),
        ("中小企业用算力能打几折？", Ask.RATIO),
        ("员工出了工伤事故，单位要在多少天内申请工伤认定？", Ask.DURATION),
        ("个税汇算清缴一般什么时候办？", Ask.DATE),
        ("合肥家电补贴，空调最多能补几台？", Ask.COUNT),
        ("发现商家先涨价再打折套补贴，打什么电话举报？", Ask.CONTACT),
        ("有人用假材料骗社保待遇，被查出来会怎么处罚？", Ask.PENALTY),
        ("申请中试基地需要提交哪些材料？", Ask.PROCEDURE),
        ("要满足什么条件才能享受支持？", Ask.ELIGIBILITY),
        ("“人工智能+”社会治理由哪个部门牵头？", Ask.RESPONSIBLE),
        ("公司说试用期三个月，这合法吗？", Ask.POLAR),
        ("服务专区周末几点下班？", Ask.DATE),
        ("关于智能体培育，原文是怎么表述的？", Ask.WORDING),
        ("这份通知的发文字号是什么？", Ask.DOC_NUMBER),
        ("半路急病去抢救，医保还认不认？", Ask.POLAR),  # any V不V
        ("两个文件的说法一样不一样？", Ask.POLAR),
        ("开个网店要办什么手续？", Ask.PROCEDURE),
        ("看牙的费用医保能报多少？", Ask.AMOUNT),  # 报 as reimbursed
        ("孩子的学费大概能报掉多少？", Ask.AMOUNT),
        ("无证经营的，由何部门负责查处？", Ask.RESPONSIBLE),  # 何 of the written style
        ("工地出了安全事故，报给谁？", Ask.RESPONSIBLE),  # the body a report goes to
        ("退款申请交上去以后，谁先审？", Ask.RESPONSIBLE),
        ("加装的费用怎么分摊，谁说了算？", Ask.RESPONSIBLE),
        ("申请人应向何处递交申请书？", Ask.PLACE),
        ("需满足何种条件方可申请？", Ask.ELIGIBILITY),
        ("逾期未整改的，将受到何种处罚？", Ask.PENALTY),
        ("这个规定是市政府第几号令？", Ask.DOC_NUMBER),  # 第几号 numbers a document, 几号 is a day
        ("补贴每月几号到账？", Ask.DATE),
        ("活动到哪天结束？", Ask.DATE),
        ("这个办法是哪一年出台的？", Ask.DOC_DATE),
        ("这份通知在网站上是什么时间发布的？", Ask.DOC_DATE),
    ],
)
def test_the_question_phrase_decides_the_kind(question: str, kind: Ask) -> None:
    assert kind in asked_kinds(question)


@pytest.mark.parametrize(
    ("question", "not_kind"),
    [
        ("入职时公司要扣我身份证，还让交两千块押金，这样可以吗？", Ask.AMOUNT),  # 押金 is topic, 吗 the question
        ("有人用假材料骗社保待遇，被查出来要罚多少？", Ask.PROCEDURE),  # 材料 is incidental
        ("听说武汉接入了十几万个烟感的数据", Ask.AMOUNT),  # 十几万 counts, it does not ask
        ("“人工智能+”生态治理的责任单位是哪里？", Ask.PLACE),  # who, not where
        ("事先没办任何手续，医保还认不认？", Ask.PROCEDURE),  # 手续 named in passing
        ("去年申报了多少个项目？", Ask.AMOUNT),  # 申报 is no reimbursement
        ("这个月的情报送了多少份？", Ask.AMOUNT),
        ("这个规定是市政府第几号令？", Ask.DATE),
        ("活动到哪天结束？", Ask.PLACE),  # 到哪天 is a day, not a place
        ("谁审核通过的补贴能撤销吗？", Ask.RESPONSIBLE),  # yes or no, of whoever approved it
        ("不管谁批准，开工前都要备案吗？", Ask.RESPONSIBLE),
        ("按照谁审批谁监管的原则", Ask.RESPONSIBLE),  # a principle, not a question
        ("这项政策主要面向谁？", Ask.RESPONSIBLE),  # who qualifies, not who is in charge
    ],
)
def test_incidental_words_ask_nothing(question: str, not_kind: Ask) -> None:
    assert not_kind not in asked_kinds(question)


def test_a_yes_no_question_naming_whoever_stays_yes_no() -> None:
    assert asked_kinds("谁审核通过的补贴能撤销吗？") == frozenset({Ask.POLAR})


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Ask.DURATION, "用人单位应当自用工之日起三十日内为其职工申请办理社会保险登记", True),
        (Ask.AMOUNT, "以每一纳税年度的收入额减除费用六万元", True),
        (Ask.AMOUNT, "增加赔偿的金额为消费者购买商品的价款的三倍", True),
        (Ask.RATIO, "财产租赁所得，适用比例税率，税率为百分之二十", True),
        (Ask.COUNT, "一个纳税年度内在中国境内居住累计满一百八十三天的个人", True),
        (Ask.COUNT, "第二十六条　交通信号灯由红灯、绿灯、黄灯组成", False),  # an article number counts nothing
        (Ask.RATIO, "工伤保险费根据以支定收、收支平衡的原则，确定费率", False),
        (Ask.DATE, "应当在取得所得的次年三月一日至六月三十日内办理汇算清缴", True),
        (Ask.DATE, "用人单位应当每月支付工资", False),
        (Ask.CONTACT, "可以拨打12345政务服务便民热线投诉举报", True),
        (Ask.RATIO, "支付比例可以适当降低，降幅不超过10个百分点", True),
        (Ask.AMOUNT, "违约金的数额不得超过用人单位提供的培训费用", True),  # bounded by another amount
        (Ask.DATE, "图书馆开放时间为每日9时至17时", True),  # a time of day answers 几点
        (Ask.DATE, "办事大厅工作日上午8:30至12:00对外办公", True),
        (Ask.DATE, "窗口下午三点停止取号", True),
        (Ask.DATE, "每月第一个星期三为集中接访日", True),  # a day of the week answers 哪一天
        (Ask.DATE, "老年人每周二免费参观", True),
        (Ask.DATE, "会议提出了以下3点要求", False),  # points of a list are no time
        (Ask.DATE, "第2点是加强监管", False),
        (Ask.DURATION, "新办企业首次申领发票，做到当日申请、当日办结", True),  # a time limit of none
        (Ask.DURATION, "居住证在服务窗口即时办结", True),
        (Ask.DURATION, "当日的会议由办公室负责记录", False),
    ],
)
def test_values_are_recognised_in_either_numeral(kind: Ask, text: str, expected: bool) -> None:
    assert holds(kind, text) is expected


def test_a_roster_is_a_list_of_names_not_of_counts() -> None:
    assert names_listed("依托华中科技大学、武汉大学、中国科学院自动化研究所等单位")
    assert not names_listed("培育50家智能原生企业、10家独角兽企业")


def test_the_focus_names_what_the_value_is_about() -> None:
    assert value_focus("失业保险费单位和个人各交多少比例？").split() == ["失业", "保险费", "单位", "个人"]
    assert value_focus("空调最多能补几台？") == "空调"
    assert "比例" not in value_focus("补助多少比例？")  # the kind of value is no focus


def test_who_develops_or_pays_is_not_who_issued_the_document() -> None:
    for question in ("这个平台是哪个单位在开发？", "补贴由哪个单位发放？", "哪个部门出资？"):
        assert Ask.ISSUER not in asked_kinds(question), question
    for question in ("这份通知是哪个部门发的？", "哪两个部门联合发布的？", "这个规定是哪个机关制定的？"):
        assert Ask.ISSUER in asked_kinds(question), question
    # a yes/no question naming the body that issued it, not one asking how money is paid out
    for question in ("这个办法是市住建局发的文吗？", "这份规定是省政府直接印发的吗？", "这个通知是教育局一家单独发的吗？"):
        assert Ask.ISSUER in asked_kinds(question), question
    for question in ("老师的补助是学期末一次性发的吗？", "补贴是按月发的吗？", "这笔钱是单位发的吗？"):
        assert Ask.ISSUER not in asked_kinds(question), question


def test_the_place_of_an_item_asked_about_and_where_a_text_states_it() -> None:
    from rag.answering.asking import ordinal, states_ordinal

    assert [ordinal(text) for text in ("第一个是什么", "六项措施里的第二项", "第四点", "第十二个方面")] == [1, 2, 4, 12]
    assert ordinal("第四十一条怎么规定") is None  # an article, not an item of a list
    for other in ("生第二个孩子能领多少", "每月第一个工作日", "第一个月工资", "第十四个五年规划", "第二类疫苗", "第二大城市"):
        assert ordinal(other) is None, other
    text = "局长表示，一是加强组织领导。二是加大资金投入；三是优化服务。第四，强化考核。"
    assert [place for place in range(1, 6) if states_ordinal(text, place)] == [1, 2, 3, 4]
    assert not states_ordinal("统一是前提", 1)  # 统一是: no list


def test_a_modal_and_verb_that_jieba_takes_for_a_noun_is_no_focus() -> None:
    from rag.answering.asking import value_focus

    assert value_focus("失业金最长能领几个月？") == "失业金"  # 能领 is 能 + 领, not a thing
    assert value_focus("能源补贴是多少？") == "能源 补贴"  # 能源 is a word
    assert value_focus("用消费券能报几成？") == "消费"  # 券能报: 能 between a noun's tail and a verb
    assert set(value_focus("门票的优惠幅度是多少？").split()) == {"门票", "优惠"}  # 幅度 names the kind of value asked
    assert value_focus("入会要够什么门槛？") == ""
    assert value_focus("政府能补多少钱？") == ""  # the payer of public money is not what the money is for
    assert value_focus("投诉以后多久能有结果？") == "投诉"  # an outcome asked for names no topic
    assert value_focus("车间里算几个人？") == "车间"  # 几个人 counts people: 个人 is no noun of it


def test_which_aspects_of_a_topic_is_a_list_not_a_roster() -> None:
    assert Ask.LIST in asked_kinds("打造应用场景包括哪几个方面？")
    assert Ask.NAMES not in asked_kinds("打造应用场景包括哪几个方面？")
    assert Ask.NAMES in asked_kinds("试点城市是哪几个？")


def test_the_article_a_question_names() -> None:
    from rag.answering.asking import article_named

    assert article_named("劳动合同法第十九条是怎么规定的？") == 19
    assert article_named("第19条怎么写的") == 19
    assert article_named("第三个任务是什么") is None


@pytest.mark.parametrize(
    ("question", "counter"),
    [("这条线路一共跑着多少辆车？", "辆"), ("闯一次红灯扣几分？", "分"), ("要集聚多少家企业？", "家"),
     ("空调最多能补几台？", "台"), ("要建多少个场景？", None), ("等了多少分钟？", None), ("相当于多了多少人手？", None),
     ("噪声不超过多少分贝？", None), ("覆盖多少家庭？", None)],
)
def test_the_counter_says_what_is_counted(question: str, counter: str | None) -> None:
    from rag.answering.asking import asked_counter

    assert asked_counter(question) == counter


def test_a_count_asked_with_a_counter_is_stated_only_with_one_counting_the_same_things() -> None:
    assert not holds(Ask.COUNT, "已形成10亿项数据标注集，发布3个大模型", "辆")
    assert holds(Ask.COUNT, "投入运营的车辆超过400辆", "辆")
    assert holds(Ask.COUNT, "其中空调产品最多可以补贴3件", "台")
    assert holds(Ask.COUNT, "累积记分达到十二分的", "分")
    assert not holds(Ask.COUNT, "一年内无累积记分的驾驶人，可以延长审验期", "分")
    assert holds(Ask.COUNT, "已形成10亿项数据标注集", None)  # any count answers a bare 多少
    assert holds(Ask.COUNT, "培训农民工5万人", "人") and holds(Ask.COUNT, "带动就业1万余人", "人")
    assert holds(Ask.COUNT, "惠及10万户", "户") and not holds(Ask.COUNT, "第5人", "人")


def test_a_table_cell_whose_column_names_a_count_states_it() -> None:
    # A row is read "column：value": the count's unit stands in the column's name, not beside the figure.
    assert holds(Ask.COUNT, "名称：东门早市；摊位数：60；经营时段：早市", None)
    assert holds(Ask.COUNT, "项目：见习岗位；名额（个）：15", None)
    assert not holds(Ask.COUNT, "名称：东门早市；经营时段：早市；主要经营类别：蔬菜", None)
    # A column of a ratio or a measure states no count.
    assert not holds(Ask.COUNT, "项目：养老保险；缴费基数（元）：5000；调整系数：1.2", None)
    assert not holds(Ask.COUNT, "地区：全省；价格指数（%）：102", None)
    # Asked with a counter (多少户, 几个人): a column counting the same things.
    assert holds(Ask.COUNT, "小区：东苑；户数：120", "户") and holds(Ask.COUNT, "岗位：保洁；人数：5", "人")
    assert not holds(Ask.COUNT, "小区：东苑；户数：120", "辆")


def test_a_share_of_the_things_counted_states_their_count() -> None:
    assert holds(Ask.COUNT, "改造方案应当经小区三分之二以上居民户同意后方可实施", "户")
    assert not holds(Ask.COUNT, "改造方案应当经小区居民协商同意后方可实施", "户")


def test_a_roster_of_places_is_held_only_by_place_names() -> None:
    from rag.answering.asking import PLACES, asked_counter

    assert asked_counter("准备建在哪几个区？") == PLACES
    assert holds(Ask.NAMES, "在江岸区、江汉区、硚口区布局边缘计算节点", PLACES)
    assert not holds(Ask.NAMES, "（责任单位：市经信局、市科技局、市发改委，各区人民政府）", PLACES)
    assert holds(Ask.NAMES, "（责任单位：市经信局、市科技局、市发改委，各区人民政府）")  # a roster of bodies


def test_a_question_word_is_no_focus() -> None:
    assert value_focus("表决完要公示几天？", whole=True) == ""


def test_a_noun_jieba_cuts_before_its_suffix_is_one_focus() -> None:
    from rag.answering.asking import noun_tags

    assert value_focus("在外地住院，起付线具体是多少钱？") == "起付线"  # jieba: 起付 + 线
    assert value_focus("快递员往村里送一件快递能拿多少钱？") == "快递员"  # jieba: 快递 + 员
    assert ("三个", "m") in noun_tags("每个县建设三个站")  # a numeral before a suffix stays apart
    assert "补贴所" not in [word for word, _ in noun_tags("申请补贴所需材料")]  # 所 here is a particle


def test_a_comparison_asks_about_its_topic_not_its_sides() -> None:
    from rag.answering.asking import asked_head

    assert asked_head("养老补贴，甲市方案和乙省办法分别提了多少？") == []
    assert asked_head("工作专班的组长是谁？")[-1] == "组长"


def test_a_value_asked_after_its_topic_is_about_that_topic() -> None:
    assert value_focus("公共充电站的服务费，每度电最多能收多少钱？") == "充电站 服务费"
    assert value_focus("商家卖假货骗了我，东西才一百元，最少能赔多少？") == ""  # context, not a topic


def test_a_share_named_in_passing_asks_no_ratio() -> None:
    assert Ask.RATIO not in asked_kinds("新招员工占比超过30%的企业能申请贷款吗？")
    assert Ask.RATIO in asked_kinds("新招的人得占到多少才够格？")
    assert Ask.RATIO in asked_kinds("员工占比是多少？")


def test_several_asks_nothing_and_a_counter_stays_a_counter() -> None:
    from rag.answering.asking import asked_counter

    assert Ask.DURATION not in asked_kinds("还得等好几天吗？")
    # 我们几个 is a few of us: the statement of the asker's case asks nothing, the question after it does
    assert Ask.COUNT not in asked_kinds("我们几个同学还没注册公司")
    assert Ask.COUNT in asked_kinds("我们要招几个人？") and Ask.COUNT in asked_kinds("几个部门联合发文？")
    from rag.answering.parts import split_parts

    parts = split_parts("我们几个同学还没注册公司，项目在孵化器里做，也能领创新券吗？")
    assert [sorted(kind.value for kind in part.kinds) for part in parts] == [["polar"]]
    # what a value is about is read at the question word, not at 我们几个; 好几趟 names nothing
    assert value_focus("我们几个同学还没注册公司，要满足什么条件？") == ""
    assert "几" not in value_focus("是不是要来回跑好几趟？", whole=True)
    assert asked_counter("有多少人收到了补贴？") == "人"
    assert asked_counter("新房子最小不能小于多少平？") == "平" and asked_counter("有多少平台？") is None


def test_a_yes_no_pair_cut_apart_still_asks_about_what_follows() -> None:
    from rag.answering.asking import asked_head

    # jieba cuts 要不要 into 要 + 不要 and tags 个人所得税 as a fixed expression.
    assert asked_head("这笔奖金要不要交个人所得税？") == ["个人所得税"]
    assert asked_head("单位给不给报销路费？") == ["报销", "路费"]


def test_a_verb_heading_a_de_phrase_is_what_the_value_is_about() -> None:
    assert "托管" in value_focus("幼儿园的晚间托管最晚到几点？").split()  # 晚间 between 的 and the verb
    assert "申报" in value_focus("公司的年度申报最晚什么时候？").split()
    # a verb that follows no 的 is still no topic, nor a modal after a headless 的 phrase
    assert "托管" not in value_focus("课后托管最晚能待到几点？").split()
    assert value_focus("逾期未缴的应当缴纳多少滞纳金？") == "滞纳金"
    assert "能够" not in value_focus("外地户籍的能够享受多少补贴？").split()
    assert "需要" not in value_focus("新入职的需要等多久才能参保？").split()


def test_an_adverb_with_a_modal_names_no_topic_even_when_jieba_knows_it() -> None:
    # 真会 is a word of jieba's dictionary; in 真会被罚款吗 it is 真 + 会, and the topic is 罚款 alone
    focus = value_focus("真会被罚款吗？", whole=True).split()
    assert "真会" not in focus and any("罚" in word for word in focus)
    assert "能源" in value_focus("能源企业能拿多少补贴？")  # a modal-first noun of the dictionary stays a noun


def test_a_split_between_parties_states_a_ratio_and_spoken_question_words_are_found() -> None:
    assert holds(Ask.RATIO, "就餐补助资金由省级财政和县级财政按照5:5的比例分担")
    assert holds(Ask.RATIO, "市、县两级按7比3分担")
    assert not holds(Ask.RATIO, "延时服务时间为17:30至18:30")  # a time of day
    # 啥时候 is read as 什么时候: what the value is about comes from the words around it
    assert value_focus("我上个月网签了，买房补贴最晚啥时候之前得交申请？").split()[:2] == ["买房", "补贴"]
    # 东西, 一共, 合理 name nothing a value is about, whatever jieba tags them
    assert value_focus("前前后后加起来一共能拿多少？") == ""
    assert value_focus("物业收多少钱算合理？") == "物业"


def test_how_often_is_answered_by_a_frequency() -> None:
    from rag.answering.asking import EVERY, asked_counter

    assert asked_counter("送气公司多长时间得上门检查一次？") == EVERY
    assert asked_counter("多久能办下来？") is None
    stated = "对餐饮等非居民用户每季度至少入户安全检查1次"
    assert holds(Ask.DURATION, stated, EVERY) and not holds(Ask.DURATION, stated)
    assert not holds(Ask.DURATION, "经营企业应当建立安全检查制度", EVERY)


def test_a_fine_asked_is_a_penalty_amount_and_a_width_or_depth_a_measure() -> None:
    from rag.answering.features import value_share
    from rag.types import Clause

    asked = asked_kinds("超市不收现金，被查到要罚多少钱？")
    assert {Ask.AMOUNT, Ask.PENALTY} <= asked
    kinds = [kind for kind in Ask if kind in asked and kind in (Ask.AMOUNT, Ask.PENALTY)]

    def clause(text: str) -> Clause:
        return Clause("c", "d.txt", 0, len(text), 1, 1, (), text)

    # a reward of so much per square metre is no fine; a fine of so much is
    assert value_share(clause("对自愿退出宅基地的，按照每平方米80元的标准给予一次性奖励。"), kinds, None) == 0.0
    assert value_share(clause("拒不改正的，处2000元以上2万元以下罚款。"), kinds, None) == 1.0
    assert Ask.PENALTY in asked_kinds("不分类扔垃圾罚几千？")
    assert asked_kinds("会被怎么罚？") == {Ask.PENALTY}
    assert Ask.COUNT in asked_kinds("盖房跟邻居家之间至少要留多宽的间距？")
    assert Ask.COUNT in asked_kinds("排水沟要挖多深？")
    assert {Ask.AMOUNT, Ask.PENALTY} <= asked_kinds("不按时改正，罚款要交多少钱？")
    assert Ask.DURATION in asked_kinds("试用期多长？")  # 多长 of a period asks a time, not a length


def test_a_size_asked_by_its_dimension_is_stated_only_in_that_unit() -> None:
    from rag.answering.asking import LENGTH, SIZE, asked_counter

    assert asked_counter("在村里自己盖房子能盖多高？") == LENGTH
    assert asked_counter("离学校门口多远才行？") == LENGTH
    assert asked_counter("宅基地最多能批多大？") == SIZE
    assert asked_counter("摊位面积有多少？") == SIZE
    assert asked_counter("最多能盖几层？") == "层"
    assert asked_counter("产业规模有多大？") is None  # a size no unit of length or area measures
    assert asked_counter("补贴力度多大？") is None
    assert asked_counter("多长时间能办好？") is None  # a duration
    assert asked_counter("多大的孩子可以上托育？") is None  # an age
    assert asked_counter("孩子多大能领？") is None
    height = "村民住宅层数不超过3层，建筑高度不超过11米"
    assert holds(Ask.COUNT, height, LENGTH) and holds(Ask.COUNT, height, "层")
    assert not holds(Ask.COUNT, "乡镇人民政府应当实行三到场制度，5个工作日内核查", LENGTH)
    assert holds(Ask.COUNT, "1至3人户，使用耕地的不超过100平方米", SIZE)
    assert not holds(Ask.COUNT, "使用耕地的不超过100平方米", LENGTH)  # an area is no length


def test_a_framing_head_is_no_part_of_the_thing_asked() -> None:
    from rag.answering.asking import asked_object

    assert asked_object("银行对老年人大额转账有啥保护措施？") == ["保护"]  # 措施 frames what is asked
    assert asked_object("有什么优惠政策？") == []  # 优惠 is answered by what it is, not by a name
    assert asked_object("要什么证书？") == ["证书"]


def test_a_question_word_of_size_is_found_where_jieba_keeps_it_whole() -> None:
    from rag.answering.asking import asked_head

    assert asked_head("多重的货车要办通行证？")[:1] == ["货车"]  # jieba: 多重 / 的 / 货车


def test_a_sum_of_money_asked_is_stated_by_a_sum_or_a_share_of_one() -> None:
    from rag.answering.asking import MONEY
    from rag.answering.parts import make_part

    assert make_part("每亩能给补助多少钱？", "每亩能给补助多少钱？").counter == MONEY
    assert make_part("能补多少？", "能补多少？").counter is None  # no word of money: any amount
    assert not holds(Ask.AMOUNT, "农膜回收率稳定在85%以上", MONEY)  # a rate, no money
    assert holds(Ask.AMOUNT, "按销售价格的15%给予补贴", MONEY)  # a share of a price
    assert holds(Ask.AMOUNT, "每亩补助30元", MONEY)
    assert holds(Ask.AMOUNT, "农膜回收率稳定在85%以上")  # without the word of money a percentage may answer
    assert holds(Ask.AMOUNT, "按照本人月工资的2倍支付赔偿", MONEY)  # a multiple of a wage
    assert not holds(Ask.AMOUNT, "按前款规定比例的50%执行", MONEY)  # 前款 is a paragraph, not a sum


def test_a_charge_asked_with_no_word_of_money_is_an_amount() -> None:
    assert Ask.AMOUNT in asked_kinds("停车场包月一个月能收业主多少？")
    assert Ask.COUNT in asked_kinds("这个幼儿园最多能收多少学生？")  # pupils taken in, counted
    assert Ask.COUNT in asked_kinds("这所托育机构每年能招收多少？")  # 招收 enrols, charges nothing


def test_the_unit_after_a_question_word_and_a_document_number_are_no_focus() -> None:
    assert "天能" not in value_focus("正常出口退税大概几天能办下来？")  # jieba: 几天 / 能办, or 几 / 天能
    assert value_focus("每户每年能补多少天然气？") == "天然气"  # the 天 of a noun stays
    assert value_focus("护理补贴依据丙政发〔2025〕9号是多少？") == "护理 补贴"  # the words before the 文号 stay
    assert value_focus("丙政发〔2025〕9号规定的有效期是多久？") == "有效期"


def test_a_name_jieba_guesses_is_no_focus_unless_it_ends_like_a_noun() -> None:
    from rag.answering.asking import _misread_name

    assert _misread_name("费挺贵", "nr")  # jieba's guess for 展位费挺贵 → 展位 / 费挺贵
    assert not _misread_name("安置费", "nr") and not _misread_name("补偿金", "nr")  # they end like nouns
    assert value_focus("每个月给多少过渡安置费？") == "安置费"


def test_the_sum_a_question_word_measures_is_its_focus_even_when_jieba_tags_it_a_verb() -> None:
    assert "补助" in value_focus("园里按孩子能拿多少基础生均补助？").split()  # jieba: 补助 / v
    assert value_focus("要在多长时间内办好？") == ""  # a predicate, no sum


def test_an_action_done_before_the_value_is_asked_is_no_focus() -> None:
    assert value_focus("交完材料要等几天才能办下来？") == ""  # when the wait starts, not what it is about
    assert value_focus("交完社保每月能领多少养老金？") == "社保 养老金"  # no wait after it
    assert value_focus("办完登记要等几天？") == ""
    assert value_focus("完善材料要等几天？") == "材料"  # 完善 is a word of its own: nothing cut
    assert "证明" in value_focus("开完税证明要等几天？").split()  # 完税 (tax paid) is no action done


def test_a_place_spoken_of_in_general_is_no_focus() -> None:
    assert value_focus("学校门口能不能设摆摊的地方？", whole=True).split() == ["摆摊", "学校"]  # not 地方


def test_a_share_asked_is_a_ratio() -> None:
    assert asked_kinds("主要完成人至少能分到多大份额？") == {Ask.RATIO}  # not a size
    assert Ask.RATIO in asked_kinds("个人份额占多少？")
    assert Ask.COUNT in asked_kinds("宅基地最多能批多大？")


def test_which_units_are_responsible_asks_who_is_in_charge_not_for_a_roster() -> None:
    assert asked_kinds("这份方案里，整治城中村一项的责任单位是哪些？") == frozenset({Ask.RESPONSIBLE})
    assert asked_kinds("防汛物资储备由哪些单位负责？") == frozenset({Ask.RESPONSIBLE})
    assert Ask.NAMES in asked_kinds("验收小组由哪些人员组成？")  # no word of being in charge: a roster
    # being in charge named in passing does not make a roster ask who is responsible
    assert asked_kinds("经行业主管部门推荐的试点企业是哪些？") == frozenset({Ask.NAMES})
    assert Ask.NAMES in asked_kinds("哪些单位负责的课题能拿到配套经费？")


def test_a_few_days_ago_tells_when_something_happened_and_asks_nothing() -> None:
    from rag.answering.parts import split_parts

    parts = split_parts("我前几天在小区门口摔伤了，要在多长时间内报案？")
    assert [sorted(kind.value for kind in part.kinds) for part in parts] == [["duration"]]
    assert Ask.DURATION in asked_kinds("需要提前几天申请？")  # 提前几天 asks how many days ahead
    # days counted before an event ask, even in a segment before another question
    for question in ("要提前几天预约，找哪个窗口？", "换证要在到期前几个月办，归哪个部门管？"):
        parts = split_parts(question)
        assert len(parts) == 2 and parts[0].kinds == frozenset({Ask.DURATION})


def test_a_term_asked_is_stated_by_its_length_or_by_the_date_it_runs_to() -> None:
    from rag.answering.asking import TERM, asked_counter

    assert asked_counter("这个资格认定的有效期是多久？") == TERM and asked_counter("这个资质一次能管几年？") == TERM
    assert asked_counter("许可证有效期满前多久要申请延续？") != TERM  # a time before the term ends
    assert holds(Ask.DURATION, "本规定自2026年3月1日起施行，有效期至2028年2月29日。", TERM)
    assert holds(Ask.DURATION, "本办法有效期自2026年1月1日起至2028年12月31日止。", TERM)
    assert not holds(Ask.DURATION, "推动平台有效运行至2030年。", TERM)
    # an end date is no time limit for doing something (多少天内办完)
    assert not holds(Ask.DURATION, "本规定自2026年3月1日起施行，有效期至2028年2月29日。", asked_counter("多少天内办完？"))


def test_a_sum_in_a_table_cell_whose_column_names_the_currency_is_a_sum() -> None:
    from rag.answering.asking import MONEY

    row = "工种：育婴员；等级：高级工（三级）；补贴标准（元/人）：1800；备注：按证书等级"
    assert holds(Ask.AMOUNT, row, MONEY) and holds(Ask.AMOUNT, row)
    assert holds(Ask.AMOUNT, "项目：改造；上限（万元/户）：5", MONEY)
    assert not holds(Ask.AMOUNT, "工种：育婴员；等级：高级工（三级）；培训课时（学时）：120", MONEY)


def test_a_person_asked_by_role_is_held_by_a_name_a_post_or_a_body_holding_it() -> None:
    from rag.answering.asking import PERSONS, asked_counter

    for question in ("工作专班的组长是谁？", "产业链的链长是哪位省领导？", "市数据局局长叫什么名字？", "谁担任组长？"):
        assert asked_kinds(question) == frozenset({Ask.NAMES}), question
        assert asked_counter(question) == PERSONS, question
    # Who appoints or elects someone, which body is in charge, a contact, or a body's name is no person asked.
    assert Ask.NAMES not in asked_kinds("院长是谁任命的？")
    assert Ask.NAMES not in asked_kinds("村委会主任由谁选举产生？")
    assert asked_kinds("责任单位是谁？") == frozenset({Ask.RESPONSIBLE})
    assert Ask.NAMES not in asked_kinds("申报联系人是谁？")
    assert asked_counter("这个领导小组名字？") is None
    # A name beside a title or a verb, or the post or body holding it, says who holds the post.
    assert holds(Ask.NAMES, "市数据局党组书记、局长王烁介绍，今年将从四个方面推动数智经济发展", PERSONS)
    assert holds(Ask.NAMES, "王烁局长介绍，今年将推动数智经济发展", PERSONS)
    assert holds(Ask.NAMES, "市数据局局长王烁", PERSONS)  # a title before the name, nothing after it
    assert holds(Ask.NAMES, "领导小组由分管副市长担任组长，成员由各相关部门负责人组成", PERSONS)
    assert holds(Ask.NAMES, "链长由分管副省长担任", PERSONS)
    # The tagger calls some words names (智慧, 养老), and a post's system is no holder of it.
    assert not holds(Ask.NAMES, "成立一个工作专班，建设智慧养老服务平台", PERSONS)
    assert not holds(Ask.NAMES, "发挥省人工智能产业链链长制的议事协调职责", PERSONS)


@pytest.mark.parametrize("question, counter", [
    ("印发通知的主送单位是哪些？", "recipients"), ("这份通知，是下发给哪些单位的？", "recipients"), ("这个文件是发给谁的？", "recipients"),
    ("主送机关是什么？", "recipients"), ("文件印发至哪些单位？", "recipients"), ("这份文件抄送了哪些单位？", "copies"),
    ("抄送单位有哪些？", "copies"),
    # Money, goods or another paper a document speaks of go to these, not the document itself.
    ("这份通知里的补贴发给哪些企业？", None), ("方案里的专项资金下发给哪些单位？", None), ("这份通知说荣誉证书颁发给哪几家企业？", None),
    ("行政处罚决定书要抄送哪些单位？", None), ("年度报告要抄送给哪几个部门？", None), ("专项资金下发给哪些单位？", None),
    ("补贴按规定发给哪些企业？", None), ("中标通知发给谁？", None), ("报告还需抄送哪些单位？", None), ("决定书依法抄送哪些单位？", None),
    # The document's own 抄送, and a single addressee asked.
    ("抄送了哪些单位？", "copies"), ("这份林下经济的规定抄送了哪些单位？", "copies"), ("主送机关是哪个单位？", "recipients"),
    # Where to send a paper, whom it goes to for a step, what 主送 means, a duty to copy: no roster is asked.
    ("申报文件要发到哪里？", None), ("意见发送至哪个邮箱？", None), ("这份文件发给谁审批？", None), ("项目实施方案要发给谁审核？", None),
    ("主送机关是什么意思？", None), ("主送机关和抄送机关有什么区别？", None), ("抄送机关怎么写？", None), ("文件抄送工作由谁负责？", None),
    ("办公室文员负责文件抄送吗？", None), ("公文抄送有什么规定？", None),
])
def test_the_bodies_a_document_is_sent_to_are_asked_only_of_the_document(question: str, counter: str | None) -> None:
    from rag.answering.asking import COPIES, RECIPIENTS, asked_counter
    from rag.answering.parts import split_parts

    if counter is None:
        assert asked_counter(question) not in (RECIPIENTS, COPIES), question
        assert all(part.counter not in (RECIPIENTS, COPIES) for part in split_parts(question)), question
        return
    assert asked_counter(question) == {"recipients": RECIPIENTS, "copies": COPIES}[counter], question
    kinds = asked_kinds(question)
    assert Ask.NAMES in kinds and Ask.RESPONSIBLE not in kinds, question  # a roster, whatever the question word
    assert split_parts(question)[0].focus == "", question  # a salutation names no topic of the question


def test_an_addressee_question_asking_a_phone_or_a_place_keeps_its_kind() -> None:
    assert asked_kinds("这份通知是发给谁的，电话多少？") == {Ask.CONTACT}  # one part: the phone is asked
    assert Ask.NAMES in asked_kinds("这份通知是发给谁的？") and Ask.RESPONSIBLE not in asked_kinds("这份通知是发送给谁的？")


def test_a_salutation_and_a_copy_line_state_the_bodies_a_notice_goes_to() -> None:
    from rag.answering.asking import COPIES, RECIPIENTS, bodies_addressed

    salutation = "市人民政府办公厅关于印发行动方案的通知\n各区人民政府,市人民政府各部门:\n现印发给你们，请认真组织实施。"
    assert holds(Ask.NAMES, salutation, RECIPIENTS) and not holds(Ask.NAMES, salutation, COPIES)
    for line in ("各市、州、县经信局，省直相关部门：", "各省、自治区、直辖市及新疆生产建设兵团发展改革委、工业和信息化主管部门：",
                 "国家发展改革委、财政部、人力资源社会保障部：", "各有关单位：", "各区人民政府，市政府各部门：现将《方案》印发给你们"):
        assert bodies_addressed(line), line
    for line in ("抄送：市纪委监委机关，市委办公厅，武汉警备区，各人民团体，各民主党派。", "抄送：海关总署，审计署，税务总局。",
                 "抄 送：市委办公室，\n市人大常委会办公室，市政协办公室。", "抄报：省政府办公厅、省发展改革委。"):
        assert bodies_addressed(line, copies=True) and not bodies_addressed(line), line
    # A lead-in ending in a colon, a contact line, one body without 各, headings, or bodies given a task
    # before the colon in the body text address no one.
    for text in ("现将有关事项通知如下：", "为进一步加强管理，现就有关事项通知如下：", "联系人：张三，电话：12345", "市财政局：",
                 "一、总体要求、基本原则：", "（一）市发展改革委、市财政局：负责统筹协调。"):
        assert not bodies_addressed(text), text


def test_a_batch_is_no_count_but_batches_are() -> None:
    assert not holds(Ask.COUNT, "遴选和支持一批公共服务示范平台，培育一批龙头企业。")
    assert holds(Ask.COUNT, "分两批遴选公共服务示范平台。")
    assert holds(Ask.COUNT, "到2025年培育10家龙头企业。")


def test_a_split_between_parties_answers_how_much_each_gives() -> None:
    assert holds(Ask.COUNT, "助餐补助资金由市级财政和区级财政按照6:4的比例分担。")
    assert not holds(Ask.COUNT, "窗口办公时间为上午9:30至下午5:30。")


def test_who_receives_a_sum_is_not_what_the_sum_is_of() -> None:
    assert "个人" not in value_focus("个人分别最多能拿到多少？").split()
    assert value_focus("每户能领多少补贴？") == "补贴"
    assert "个人" in value_focus("单位和个人各交多少比例").split()  # who pays, a side of the question
