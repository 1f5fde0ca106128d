"""Answer and citation-card HTML: escaped text, markers and cards linking to clause ids."""

from __future__ import annotations

import re
from urllib.parse import unquote

from rag.app.web.citations import answer_html, card_html, citation_cards_html, short_text, user_html
from rag.types import Citation, Clause


def _citation(n: int, text: str = "条款<img src=x onerror=alert(1)>内容", clause_id: str = "000_a:3.3.6") -> Citation:
    clause = Clause(
        clause_id=clause_id, file="000_a.txt", start=0, end=10, line_start=58, line_end=60,
        section=("三、深化应用赋能", "(二)实施“智产跃升”工程"), text=text,
        doc_title="武汉市推动“人工智能+”行动方案", doc_number="武政办〔2026〕21号", date="2026-02-15",
    )
    return Citation(n=n, clause=clause)


def test_markers_link_to_their_clause_and_text_is_escaped() -> None:
    page = answer_html("《方案》提出：“<script>alert(1)</script>”[1]，另见[2]和[9]。", [_citation(1), _citation(2, clause_id="b:1")])
    assert "<script>" not in page and "&lt;script&gt;" in page
    hrefs = [unquote(href) for href in re.findall(r'href="#cite:([^"]+)"', page)]
    assert hrefs == ["000_a:3.3.6", "b:1"]
    assert "[9]" in page and 'cite-marker' in page  # an unknown number stays plain text


def test_answer_is_one_html_block_with_lists() -> None:
    page = answer_html("相关规定如下：\n- 第一项[1]\n- 第二项\n\n结尾", [_citation(1)])
    assert "\n" not in page  # no blank line: Markdown renderers pass it through as raw HTML
    assert page.count("<li>") == 2 and "<p>结尾</p>" in page


def test_card_shows_title_number_date_section_place_and_quote() -> None:
    card = card_html(_citation(3))
    for part in ("武汉市推动“人工智能+”行动方案", "武政办〔2026〕21号", "2026-02-15", "(二)实施“智产跃升”工程", "000_a.txt:58–60"):
        assert part in card
    assert "&lt;img src=x onerror=alert(1)&gt;" in card and "<img" not in card
    assert 'href="#cite:000_a%3A3.3.6"' in card


def test_ids_cannot_break_out_of_the_attribute() -> None:
    card = card_html(_citation(1, clause_id='x" onclick="alert(1)'))
    assert 'onclick="' not in card


def test_empty_panel_and_helpers() -> None:
    assert "cite-empty" in citation_cards_html([])
    assert short_text("一\n二" + "三" * 200, 10) == "一二" + "三" * 7 + "…"
    assert user_html("<b>问</b>\n二") == '<div class="question">&lt;b&gt;问&lt;/b&gt;<br>二</div>'
