"""Documents a question names (rag.answering.references): as users name them, in any corpus."""

from __future__ import annotations

from pathlib import Path

from fakes import BigramRetriever, answer_over
from rag.answering.gathering import documents_named
from rag.answering.pipeline import PipelineAnswerer, make_search
from rag.answering.references import MIN_TITLE_MATCH, document_refs, named_count, names_several, title_match
from rag.config import Settings
from rag.interfaces import Search

TAX_RELIEF = "四川省人民政府办公厅关于进一步减轻小微企业和个体工商户税费负担的若干措施"


def test_law_names_stay_whole_and_joining_words_still_separate_them() -> None:
    assert document_refs("劳动合同法和社会保险法对试用期怎么规定？") == ["劳动合同法", "社会保险法"]
    assert document_refs("中华人民共和国劳动合同法里怎么说？") == ["中华人民共和国劳动合同法"]
    assert document_refs("跟工伤保险条例相比有什么变化？") == ["工伤保险条例"]
    assert document_refs("公司法对股东怎么规定？") == ["公司法"]
    assert document_refs("关于在全国推广试点经验的通知有什么要求？") == ["关于在全国推广试点经验的通知"]


def test_words_ending_in_fa_that_are_no_law_name_no_document() -> None:
    for question in ("这种说法对吗？", "我是做算法的，有没有补贴？", "这样的做法合法吗？", "依法怎么处理？"):
        assert document_refs(question) == [], question


def test_a_described_document_matches_its_title() -> None:
    # Pointing words, 文件 and colloquial words (个体户 → 个体工商户) do not count against the title.
    assert title_match("那份给个体户减轻税费负担的文件", TAX_RELIEF) >= MIN_TITLE_MATCH
    assert title_match("这份给个体户减轻税费的措施", TAX_RELIEF) >= MIN_TITLE_MATCH


def test_a_pointing_word_and_a_document_word_name_no_document() -> None:
    assert title_match("这个办法", "甲市养老服务补贴办法") == 0.0
    assert title_match("那个通知", "乙市关于做好就业补贴工作的通知") == 0.0


def test_a_reference_naming_another_region_matches_no_title() -> None:
    assert title_match("广东那份给个体户减轻税费负担的文件", TAX_RELIEF) == 0.0
    assert title_match("四川那份给个体户减轻税费负担的文件", TAX_RELIEF) >= MIN_TITLE_MATCH
    # A city's document may be named by its province.
    assert title_match("安徽那份家电以旧换新补贴细则", "合肥市2025年家电以旧换新补贴实施细则") >= MIN_TITLE_MATCH


def test_how_many_documents_a_reference_names() -> None:
    assert [named_count(ref) for ref in ("两份文件", "三个方案", "各方案", "这些文件")] == [2, 3, 4, 4]
    assert named_count("这些养老服务补贴文件") == 4 and named_count("两部法") == 2
    for one in ("四部门印发的就业补贴通知", "多部门联合发布的方案", "各项惠民政策的通知", "这些措施", "每个月发放的补贴办法",
                "三个重点任务的保障措施", "几个方面的支持措施", "各单位落实的措施", "各区的实施细则"):
        assert named_count(one) == 1, one


def files_named(ref: str, search: Search) -> tuple[str, ...]:
    return tuple(clause.file for clause in documents_named(ref, search))


def test_a_reference_to_several_documents_resolves_to_each(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("甲市养老服务补贴办法\n\n一、总则\n\n（一）对养老机构给予运营补贴。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("甲市养老服务补贴实施方案\n\n一、目标\n\n（一）到2027年建成养老服务中心。\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("乙市交通管理办法\n\n一、总则\n\n（一）机动车应当按规定停放。\n", encoding="utf-8")
    search = make_search(BigramRetriever.from_folder(tmp_path), None, "甲市两份养老服务补贴文件")
    assert names_several("甲市两份养老服务补贴文件")
    assert set(files_named("甲市两份养老服务补贴文件", search)) == {"a.txt", "b.txt"}
    assert files_named("甲市养老服务补贴办法", search) == ("a.txt",)


def test_a_year_in_a_reference_picks_the_document_of_that_year(tmp_path: Path) -> None:
    for year, name in (("2021", "old.txt"), ("2024", "new.txt")):
        (tmp_path / name).write_text(
            f"甲市人民政府办公室关于印发甲市养老服务补贴方案的通知\n甲政办〔{year}〕7号\n\n一、总则\n\n（一）对养老机构给予运营补贴。\n",
            encoding="utf-8",
        )
    search = make_search(BigramRetriever.from_folder(tmp_path), None, "2024年方案")
    assert files_named("2024年方案", search) == ("new.txt",)
    assert files_named("2021年的养老方案", search) == ("old.txt",)


def test_a_comparison_over_several_named_documents_answers_each_from_its_own(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "甲市养老服务补贴办法\n\n一、补贴标准\n\n（一）养老机构每张床位给予运营补贴200元。\n\n（二）护理员岗位补贴每人每月300元。\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "甲市养老服务补贴实施方案\n\n一、主要任务\n\n（一）新建养老床位给予建设补贴5000元。\n\n（二）开展老年助餐服务。\n",
        encoding="utf-8",
    )
    (tmp_path / "c.txt").write_text("乙市交通管理办法\n\n一、总则\n\n（一）机动车应当按规定停放。\n", encoding="utf-8")
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("甲市两份养老服务补贴文件，对床位的补贴分别是多少？")
    assert not answer.refused
    assert {citation.clause.file for citation in answer.citations} == {"a.txt", "b.txt"}
    assert "关于《甲市养老服务补贴办法》" in answer.answer and "关于《甲市养老服务补贴实施方案》" in answer.answer


def test_documents_with_one_title_are_told_apart_by_their_number(tmp_path: Path) -> None:
    for year, name in (("2021", "old.txt"), ("2024", "new.txt")):
        (tmp_path / name).write_text(
            f"甲市养老服务补贴方案\n甲政办〔{year}〕7号\n\n一、补贴标准\n\n（一）每张床位补贴{year[-1]}00元。\n", encoding="utf-8"
        )
    answer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings()).answer("两份养老服务补贴方案的床位补贴分别是多少？")
    assert "关于《甲市养老服务补贴方案》（甲政办〔2021〕7号）：" in answer.answer
    assert "关于《甲市养老服务补贴方案》（甲政办〔2024〕7号）：" in answer.answer


def test_documents_whose_titles_differ_by_their_years_keep_the_years(tmp_path: Path) -> None:
    for year, name in (("2021", "old.txt"), ("2024", "new.txt")):
        (tmp_path / name).write_text(
            f"甲市{year}年养老服务补贴方案\n\n一、补贴标准\n\n（一）每张床位补贴{year[-1]}00元。\n", encoding="utf-8"
        )
    answerer = PipelineAnswerer(BigramRetriever.from_folder(tmp_path), Settings())
    answer = answerer.answer("两份养老服务补贴方案的床位补贴分别是多少？")
    assert "《甲市2021年养老服务补贴方案》" in answer.answer and "《甲市2024年养老服务补贴方案》" in answer.answer
    single = answerer.answer("2024年的养老服务补贴方案里床位补贴是多少？")  # the question names the year
    assert "《甲市2024年养老服务补贴方案》" in single.answer


def test_plain_names_joined_to_several_documents_are_the_documents() -> None:
    assert document_refs("异地就医结算和农村客运寄递这两份文件，分别要求什么时候完成？") == ["异地就医结算", "农村客运寄递"]
    assert document_refs("这两份文件分别怎么说？") == ["这两份文件"]  # no names before it: the phrase itself
    assert document_refs("我想问一下养老补贴和医保这两份文件") == ["养老补贴", "医保"]  # no lead-in
    assert document_refs("看看和比较这三份文件") == ["比较这三份文件"]  # verbs name nothing


def test_a_document_being_made_is_not_named() -> None:
    refs = document_refs("各省最晚什么时候完成系统改造、出台细则？")
    assert "出台细则" not in refs and not any(ref.startswith("出台") for ref in refs)
    assert document_refs("关于修订养老办法的通知里怎么说") == ["关于修订养老办法"]  # a title's own verb stays


def test_two_documents_named_in_the_askers_words_each_answer_their_own_item(tmp_path: Path) -> None:
    documents = {
        "a.txt": "国务院办公厅关于优化跨省异地就医直接结算服务的通知\n\n一、保障措施\n\n"
        "（一）各省要在2025年12月31日前完成医保信息系统接口改造。\n\n（二）定点医疗机构应当设置异地就医结算窗口。\n",
        "b.txt": "国务院办公厅关于印发农村客运和寄递物流提质增效实施方案的通知\n\n一、组织实施\n\n"
        "（一）各省要在2026年6月底前制定本地区实施细则。\n\n（二）村级寄递站点应当免费保管快件。\n",
    }
    question = "异地就医结算和农村客运寄递这两份文件，分别要求各省最晚什么时候完成系统改造、出台细则？"
    answer = answer_over(tmp_path, documents, question)
    assert not answer.refused
    assert "关于“异地就医结算”" in answer.answer and "关于“农村客运寄递”" in answer.answer
    first, second = answer.answer.split("关于“农村客运寄递”")
    assert "2025年12月31日" in first and "2026年6月" in second


def test_explaining_a_document_names_no_document() -> None:
    # 解释 is a document type (司法解释, 关于……的解释), and also the act of explaining one.
    assert document_refs("这个办法和那个条例，分别由哪个部门负责解释？") == ["这个办法", "那个条例"]
    assert document_refs("该规定由谁作出解释？") == ["该规定"]
    assert document_refs("关于审理工伤保险行政案件若干问题的解释第几条讲上下班途中？") == [
        "关于审理工伤保险行政案件若干问题的解释"
    ]


def test_a_name_is_not_run_on_from_the_askers_lead_in() -> None:
    assert document_refs("搞环保的想问：甲市的方案和乙省的实施意见分别怎么说？") == ["甲市的方案", "乙省的实施意见"]
    assert document_refs("我想问一下甲市的方案和乙省的意见有什么不同") == ["甲市的方案", "乙省的意见"]
    assert document_refs("我想了解一下乙省的实施意见说了什么") == ["乙省的实施意见"]
