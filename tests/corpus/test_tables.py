"""Tests of reading table rows back (rag.corpus.tables)."""

from __future__ import annotations


def test_row_fields_read_back_the_cells_of_a_rows_reading_text() -> None:
    from rag.corpus.tables import row_fields, row_text

    header, cells = ["序号", "事项", "说明"], ["1", "补贴：一次性", "按年发放；逐年核定"]
    assert row_fields(row_text(header, cells)) == [("序号", "1"), ("事项", "补贴：一次性"), ("说明", "按年发放；逐年核定")]
    assert row_fields("") == []
    assert row_fields("文旅体育消费；牵头单位：市文旅局") == [("", "文旅体育消费"), ("牵头单位", "市文旅局")]
