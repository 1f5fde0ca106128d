"""Colloquial → official terms: the data file and the matching rules."""

from __future__ import annotations

import re

import pytest

from fakes import BigramRetriever
from rag.answering.terms import question_terms
from rag.text.colloquial import TERMS_FILE, expand, find_colloquial, load_terms, official_terms, parse_terms


def test_data_file_is_valid_and_general() -> None:
    lines = TERMS_FILE.read_text(encoding="utf-8").splitlines()
    phrases = [line.split("\t", 1)[0] for line in lines if line.strip() and not line.startswith("#")]
    assert len(phrases) == len(set(phrases)), "a colloquial phrase is listed twice"
    assert all(len(phrase) >= 2 for phrase in phrases)
    terms = load_terms()
    assert len(terms) >= 150
    # No place names of one corpus: the file is general language, not seed vocabulary.
    assert not any(re.search("武汉|湖北", phrase + "".join(official)) for phrase, official in terms.items())


def test_parse_terms_skips_comments_and_rejects_lines_without_targets() -> None:
    assert parse_terms(["# 说明", "", "小公司\t中小企业|小微企业"]) == {"小公司": ("中小企业", "小微企业")}
    with pytest.raises(ValueError, match="line 1"):
        parse_terms(["只有口语词"])


def test_longest_phrase_wins_and_phrases_do_not_overlap() -> None:
    found = find_colloquial("我开了个小公司，不用交税吗？")
    assert [item.phrase for item in found] == ["小公司", "不用交税"]
    assert found[1].start == 8 and "免征" in found[1].terms


def test_latin_phrase_needs_word_boundaries() -> None:
    assert [item.phrase for item in find_colloquial("AI 能帮老师备课吗")] == ["AI", "老师"]
    assert find_colloquial("email 地址") == []


def test_expand_appends_only_missing_official_terms() -> None:
    assert official_terms("老师的工资") == ("教师", "劳动报酬", "薪酬")
    assert expand("没有口语词的句子") == "没有口语词的句子"
    assert expand("贷款贴息").startswith("贷款贴息 ") and "信贷" in expand("贷款贴息")


def test_when_a_rule_takes_effect_is_asked_in_the_words_documents_use() -> None:
    # A document says 自……起施行 and 有效期至; people ask when it starts and until when it runs.
    assert "施行" in official_terms("这个办法什么时候开始执行")
    assert "施行" in official_terms("失业保险条例什么时候生效的")
    assert "有效期至" in official_terms("这些措施有效期到什么时候")
    assert "施行" not in official_terms("劳动合同生效需要什么条件")  # a contract taking effect is no rule's


def test_a_phrase_kept_as_it_is_hides_the_shorter_phrase_inside_it(tmp_path) -> None:
    from rag.text.colloquial import expand, parse_terms

    assert parse_terms(["国家\t中央", "国家级\t="]) == {"国家": ("中央",), "国家级": ()}
    terms = tmp_path / "terms.tsv"
    terms.write_text("国家\t中央\n国家级\t=\n", encoding="utf-8")
    assert expand("国家有没有补贴", terms) == "国家有没有补贴 中央"
    assert expand("国家级的企业有什么奖励", terms) == "国家级的企业有什么奖励"  # no 中央级
    assert "中央" not in expand("国家级专精特新企业")  # the shipped data keeps it too


_VEHICLE_RULES = (
    "某市非机动车管理条例\n\n"
    "第十二条　电动自行车应当在规定区域停放，不得在人行道违法停车。\n\n"
    "第十三条　互联网租赁自行车运营企业应当及时调度车辆。\n\n"
    "第十四条　机动车驾驶培训机构应当按照教学大纲开展培训。\n"
)
_FEE_RULES = (
    "某市停车和供暖收费办法\n\n"
    "第十一条　在道路停车泊位停放车辆，每次停放时间不超过30分钟的，免收停车费。\n\n"
    "第十二条　采暖期内采暖用电按照每千瓦时0.2元给予补贴。\n\n"
    "第十三条　幼儿园伙食费按照非营利原则据实收取。\n\n"
    "第十四条　采暖期内采暖用气按照每立方米1元给予补贴。\n"
)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (_VEHICLE_RULES, (("电瓶车能停在哪里？", "第十二条"), ("共享单车乱放谁来管？", "第十三条"), ("驾校怎么教？", "第十四条"))),
        (_FEE_RULES, (("停一会儿不用交钱吧？", "第十一条"), ("冬天电费补不补？", "第十二条"), ("孩子饭钱怎么收？", "第十三条"),
                     ("冬天烧气的钱补多少？", "第十四条"))),
    ],
)
def test_everyday_words_of_daily_life_reach_the_terms_a_regulation_uses(tmp_path, text: str, asked: tuple[tuple[str, str], ...]) -> None:
    # The questions' own words share no bigram with the articles; expanded with their official terms
    # (电瓶车 → 电动自行车, 不用交钱 → 免收, 电费 → 用电, 饭钱 → 伙食费, 烧气 → 用气) each finds its article first.
    (tmp_path / "rule.txt").write_text(text, encoding="utf-8")
    retriever = BigramRetriever.from_folder(tmp_path)
    for question, article in asked:
        expanded = retriever.search(expand(question), 1)
        assert expanded and expanded[0].clause.text.startswith(article), question


@pytest.mark.parametrize(
    ("text", "word"),
    [("经过户主同意", "过户"), ("安全生产检查", "产检"), ("提交医保报销材料", "交医保"), ("出租车位", "出租车"),
     ("办公交流", "公交"), ("门店面积", "店面"), ("线上访问", "上访"), ("科技校企合作", "技校"), ("各种地方", "种地"),
     ("35岁以下岗位", "下岗"), ("本科以上大学生", "上大学"), ("拨打车管所电话", "打车"), ("拨打工会热线", "打工"),
     ("尽早教育", "早教")],
)
def test_an_everyday_word_inside_an_unrelated_phrase_is_not_read(text: str, word: str) -> None:
    assert word in load_terms() and word not in [item.phrase for item in find_colloquial(text)]


def test_a_phrase_kept_as_it_is_keeps_the_question_words_across_its_edges() -> None:
    terms = question_terms("经过户主同意可以吗", lambda found: dict.fromkeys(found, 1.0))
    assert ["户主"] in [sorted(min(option) for option in group.alternatives) for group in terms.groups]


def test_a_level_of_government_as_people_say_it_reaches_its_bodies(tmp_path) -> None:
    from tests.fakes import answer_over

    measures = (
        "某县农村村民建房管理办法\n\n"
        "第十三条　村民委员会应当自收到村民小组报送材料之日起5个工作日内进行审查。\n\n"
        "第十四条　乡镇人民政府应当自受理之日起20个工作日内完成审批。\n\n"
        "第十五条　县农业农村局负责全县宅基地管理工作。\n"
    )
    assert {"乡镇", "镇人民政府"} <= set(expand("镇里多久批？").split()[1:])
    answer = answer_over(tmp_path, {"rules.txt": measures}, "村里已经同意了，材料交到镇上以后，镇里要多长时间给批下来？")
    assert not answer.refused and answer.citations[0].clause.text.startswith("第十四条"), answer.answer



def test_a_visit_home_and_hill_country_reach_the_words_rules_use() -> None:
    assert "入户" in expand("送气公司多久上门来检查一次？").split()[1:]
    assert "丘陵山区" in expand("我们丘陵地区能多给多少？").split()[1:]
