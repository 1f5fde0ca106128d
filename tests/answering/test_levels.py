"""Tests of questions about a place's own addition to a higher level's measure (rag.answering.levels)
and of taxes or fees a yes/no question asks whether one must pay (asking.paid_object)."""

from __future__ import annotations

from pathlib import Path

from rag.answering.asking import paid_object
from rag.answering.levels import issued_by, own_measure_place
from rag.answering.parts import make_part
from rag.answering.absence import Absence, Lack
from rag.answering.selection import absent_objects
from rag.types import Clause
from tests.answering.test_selection import scored
from tests.fakes import answer_over

PROVINCIAL = "丙省人民政府办公厅关于支持充电设施建设的若干措施"


def clause(clause_id: str, text: str, title: str = PROVINCIAL, issuer: str = "丙省人民政府办公厅") -> Clause:
    return Clause(clause_id, "measures.txt", 0, len(text), 1, 1, (), text, doc_title=title, issuer=issuer)


def test_the_place_whose_own_addition_is_asked() -> None:
    assert own_measure_place("长沙市对企业的吸纳就业补贴，在省里5000元基础上又加了多少？") == "长沙市"
    assert own_measure_place("郑州市的超比例奖励是不是比全省标准高一些？") == "郑州市"
    assert own_measure_place("广东在国家三十万的基础上，把贷款额度提到了多少？") == "广东"
    assert own_measure_place("海宁市自己有没有在市里200元之外再加补？") == "海宁市"  # a county-level city, as jieba knows it
    assert own_measure_place("长沙市的吸纳就业补贴是多少？") == ""  # no higher level measured against
    assert own_measure_place("导游和司机还要另外买门票吗？") == ""  # no place, no level
    assert own_measure_place("在省里的标准之外还有补贴吗？") == ""  # no place named before the level


def test_a_clause_is_of_the_place_that_issued_its_document() -> None:
    provincial = clause("p", "对超级充电设备给予一次性建设补贴。到2027年底，长沙市建成超级充电站不少于100座。")
    local = clause("l", "在省级补贴基础上，市财政再给予每千瓦100元补贴。", title="长沙市充电设施建设补贴实施细则", issuer="长沙市人民政府")
    assert not issued_by("长沙市", [provincial])  # mentioned in passing, not issued there
    assert issued_by("长沙市", [provincial, local])
    assert issued_by("长沙市", [clause("s", "补贴标准见附表。", title="长沙充电补贴细则", issuer="")])  # the short name


def test_a_place_names_own_addition_is_refused_unless_its_own_document_is_found() -> None:
    question = "长沙市在省里的充电补贴之外，自己还额外补多少？"
    part = make_part(question, question)
    provincial = clause("p", "对超级充电设备按照额定功率每千瓦500元给予一次性建设补贴。长沙市建成超级充电站不少于100座。")
    local = clause("l", "在省级补贴基础上，市财政再给予每千瓦100元补贴。", title="长沙市充电设施建设补贴实施细则", issuer="长沙市人民政府")
    assert absent_objects(part, [scored(provincial, 0.9, 1)]) == Absence(("长沙市",), Lack.LOCAL)
    assert not absent_objects(part, [scored(provincial, 0.9, 1), scored(local, 0.8, 2)])


def test_the_tax_or_fee_a_yes_no_question_asks_whether_to_pay() -> None:
    assert paid_object("拿到的5万元奖励要不要交企业所得税？") == "所得税"
    assert paid_object("领到的培训补贴要交个人所得税吗？") == "个人所得税"
    assert paid_object("租金收入要交个税吗？") == "个税"  # 个 + 税 joined
    assert paid_object("增值税还要交吗？") == "增值税"
    assert paid_object("交不交印花税？") == "印花税"
    assert paid_object("医院接入平台，要不要交使用费？") == "使用费"
    assert paid_object("已经交的课后服务费能退吗？") == ""  # a refund asked, not whether to pay
    assert paid_object("这笔捐款能从个税里扣掉吗？") == ""
    assert paid_object("托管还用交钱吗？") == ""  # money, no tax or fee named
    assert paid_object("单位领的补贴要不要交税？") == ""  # 税 alone names no tax a clause could name
    # contributions and deposits are paid too; a fee may be asked from the side that charges it
    assert paid_object("见习期间单位需不需要给我交住房公积金？") == "公积金"
    assert paid_object("灵活就业要不要交社保？") == "社保"
    assert paid_object("租房要交押金吗？") == "押金"
    assert paid_object("银行上门办业务，要不要另外收上门服务费？") == "服务费"
    assert paid_object("见习生拿的生活费要交个人所得税吗？") == "个人所得税"  # what is paid, not what it is paid on
    assert paid_object("社保还要交吗？") == "社保"  # the thing paid first
    assert paid_object("要收回押金吗？") == ""  # a deposit taken back is not one paid
    assert paid_object("需要交材料到社保局吗？") == ""  # 社保局 is where papers go


def test_a_yes_no_tax_question_is_refused_when_no_top_clause_names_the_tax() -> None:
    question = "评上示范农场拿到的5万元奖补，要交个人所得税吗？"
    part = make_part(question, question)
    reward = clause("r", "（五）示范农场奖补。对新认定的省级示范农场，给予一次性奖补5万元。")
    exempt = clause("e", "省级示范农场奖补资金免征个人所得税。")
    assert absent_objects(part, [scored(reward, 0.9, 1)]) == Absence(("个人所得税",), Lack.PAID)
    assert not absent_objects(part, [scored(reward, 0.9, 1), scored(exempt, 0.5, 2)])
    colloquial = make_part("奖补要交个税吗？", "奖补要交个税吗？")
    assert not absent_objects(colloquial, [scored(exempt, 0.9, 1)])  # 个税 is 个人所得税
    other = make_part("奖补能在年底前发下来吗？", "奖补能在年底前发下来吗？")
    assert not absent_objects(other, [scored(reward, 0.9, 1)])  # other yes/no questions are not checked for objects


def test_the_refusals_say_what_the_documents_do_not_cover(tmp_path: Path) -> None:
    measures = (f"{PROVINCIAL}\n丙政办发〔2025〕3号\n一、加大建设补贴\n"
                "（一）超级充电设施补贴。对超级充电设备按照额定功率每千瓦500元给予一次性建设补贴。到2027年底，长沙市建成超级充电站不少于100座。\n"
                "（二）示范站奖励。对新认定的省级示范充电站，给予一次性奖励5万元。\n")
    local = answer_over(tmp_path, {"measures.txt": measures}, "长沙市在省里的充电补贴之外，自己还额外补多少？")
    assert local.refused and "长沙市" in local.answer and "上级标准之外" in local.answer
    taxed = answer_over(tmp_path, {"measures.txt": measures}, "示范充电站拿到的5万元奖励要不要交企业所得税？")
    assert taxed.refused and "所得税缴纳问题" in taxed.answer
    assert taxed.citations  # the reward clause is still shown as related
    plain = answer_over(tmp_path, {"measures.txt": measures}, "示范充电站能拿多少奖励？")
    assert not plain.refused and "5万元" in plain.answer


def test_a_value_asked_for_a_year_the_documents_set_only_for_other_years_is_refused(tmp_path: Path) -> None:
    rules = ("丙省城乡居民医疗保险待遇规定\n第一章　参保缴费\n"
             "第七条　居民医保筹资实行个人缴费与政府补助相结合。2026年度个人缴费标准为每人每年400元，财政补助标准不低于每人每年700元。\n"
             "第八条　统筹基金年度最高支付限额为20万元。\n")
    later = answer_over(tmp_path, {"rules.txt": rules}, "2027年度居民医保个人要交多少钱？")
    assert later.refused and "400元" not in later.answer.split("相关条款")[0]
    assert later.citations  # the 2026 clause is shown as related
    same = answer_over(tmp_path, {"rules.txt": rules}, "2026年度居民医保个人要交多少钱？")
    assert not same.refused and "400元" in same.answer
    unnamed = answer_over(tmp_path, {"rules.txt": rules}, "居民医保个人每年要交多少钱？")
    assert not unnamed.refused and "400元" in unnamed.answer

