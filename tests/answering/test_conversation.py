"""Tests of rag.answering.conversation: follow-ups resolved by rules and by a scripted generator."""

from __future__ import annotations

import pytest

from fakes import ScriptedGenerator, seed_retriever
from rag.answering.pipeline import PipelineAnswerer
from rag.answering.conversation import Turn, is_followup, resolve_followup
from rag.answering.prompts import load_prompt


@pytest.fixture(scope="module")
def answerer() -> PipelineAnswerer:
    return PipelineAnswerer(seed_retriever())


def test_slot_replaces_the_previous_subject() -> None:
    assert resolve_followup("那农业呢？", ["工业制造方面到2028年的目标是什么？"]) == "农业方面到2028年的目标是什么？"


def test_slot_replaces_the_ai_plus_field() -> None:
    resolved = resolve_followup("那教育呢？", ["“人工智能+”农业的牵头单位是哪个局？"])
    assert resolved == "“人工智能+”教育的牵头单位是哪个局？"


def test_slot_replaces_the_counted_thing() -> None:
    assert resolve_followup("那独角兽企业呢？", ["武汉要打造多少家国家卓越级智能工厂？"]) == "武汉要打造多少家独角兽企业？"


def test_year_and_region_slots() -> None:
    previous = ["武汉到2028年人工智能产业规模目标是多少？"]
    assert resolve_followup("2025年呢？", previous) == "武汉到2025年人工智能产业规模目标是多少？"
    assert resolve_followup("湖北呢？", previous) == "湖北到2028年人工智能产业规模目标是多少？"


def test_chained_followups_build_on_the_resolved_question() -> None:
    history = ["工业制造方面到2028年的目标是什么？", "那农业呢？"]
    assert resolve_followup("那服务业呢？", history) == "服务业方面到2028年的目标是什么？"


def test_anaphor_takes_the_topic_of_the_previous_citation(answerer: PipelineAnswerer) -> None:
    previous = answerer.answer("“人工智能+”农业到2028年底要建成多少个示范应用场景？")
    assert resolve_followup("这项由谁牵头？", [previous]) == "“人工智能+”农业由谁牵头？"


def test_document_anaphor_names_the_previous_document(answerer: PipelineAnswerer) -> None:
    previous = answerer.answer("武汉市推动“人工智能+”行动方案的文号是多少？")
    assert resolve_followup("该文件是哪天印发的？", [previous]) == "《武汉市推动“人工智能+”行动方案》是哪天印发的？"


def test_followup_answers_end_to_end(answerer: PipelineAnswerer) -> None:
    farming = answerer.answer("那农业呢？", history=["“人工智能+”制造业到2028年底要建成多少个示范应用场景？"])
    assert "40 个示范应用场景" in farming.answer and not farming.refused
    lead = answerer.answer("这项由谁牵头？", history=[farming])
    assert "市农业农村局" in lead.answer
    assert lead.question == "这项由谁牵头？"  # the answer echoes what was asked


def test_complete_questions_are_left_alone() -> None:
    question = "武汉要打造多少家国家卓越级智能工厂？"
    assert not is_followup(question)
    assert resolve_followup(question, ["工业制造方面到2028年的目标是什么？"]) == question
    assert resolve_followup("那农业呢？", []) == "那农业呢？"


def test_generator_rewrites_with_the_rewrite_prompt(answerer: PipelineAnswerer) -> None:
    previous = answerer.answer("“人工智能+”农业到2028年底要建成多少个示范应用场景？")
    generator = ScriptedGenerator(["改写后的问题：“人工智能+”农业由哪个部门牵头？\n（说明省略）"])
    resolved = resolve_followup("这项由谁牵头？", [Turn(previous.question, previous)], generator)
    assert resolved == "“人工智能+”农业由哪个部门牵头？"
    prompt = generator.calls[0][0]["content"]
    assert load_prompt("rewrite").splitlines()[0] in prompt
    assert "用户：“人工智能+”农业到2028年底要建成多少个示范应用场景？" in prompt
    assert "追问：这项由谁牵头？" in prompt


def test_unusable_generator_reply_falls_back_to_the_rules() -> None:
    generator = ScriptedGenerator(["   "])
    assert resolve_followup("那农业呢？", ["工业制造方面到2028年的目标是什么？"], generator) == "农业方面到2028年的目标是什么？"
    assert generator.calls, "the generator was asked first"
