"""A small corpus of three invented policy documents (市, 省 and 国家 level, three years)
for the Milvus store tests, and settings pointing at a Milvus Lite folder under tmp."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rag.config import Settings, load_settings

CITY = """杭州市人民政府办公厅关于印发杭州市数据产业发展行动方案的通知

杭政办〔2024〕3号

各区人民政府，市人民政府各部门：
经市人民政府同意，现将《杭州市数据产业发展行动方案》印发给你们，请认真组织实施。

杭州市人民政府办公厅
2024年3月1日

杭州市数据产业发展行动方案

一、总体要求
（一）发展目标。到2026年，全市数据产业规模突破500亿元，培育数据企业300家。
二、重点任务
（一）建设算力中心。支持企业建设算力中心，按投资额给予最高1000万元补助。（责任单位：市发改委）
（二）培育数据市场。建设数据交易场所，年交易额达到20亿元。（责任单位：市数据局）
（三）培养专业人才。每年引进数据领域高层次人才100名，给予安家补贴。（责任单位：市人社局）
"""

PROVINCE = """浙江省人民政府关于加快发展低空经济的实施意见

浙政发〔2023〕12号

各市、县人民政府，省政府各部门：
为加快发展低空经济，提出如下意见。

一、主要目标
到2025年，全省低空经济规模达到800亿元，建成通用机场20个。
二、重点任务
（一）完善基础设施。新建通用机场和起降点，给予每个机场500万元补助。
（二）拓展应用场景。推广无人机物流配送和应急救援，支持企业建设算力中心服务飞行调度。
（三）加强人才培养。支持高校开设低空飞行专业，每年培养飞行人才2000名。

浙江省人民政府
2023年6月8日
"""

STATE = """国务院办公厅关于推进数据要素市场化配置的意见

国办发〔2025〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为推进数据要素市场化配置，经国务院同意，现提出以下意见。

一、总体要求
到2027年，数据要素市场体系基本建成，数据交易规模显著扩大。
二、主要任务
（一）建立数据产权制度。明确数据持有权、使用权和经营权。
（二）完善数据交易规则。规范数据交易场所建设，防止重复建设。

国务院办公厅
2025年1月10日
"""

FILES = {"city.txt": CITY, "province.txt": PROVINCE, "state.txt": STATE}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def milvus_settings(tmp_path: Path, corpus: Path, **overrides: Any) -> Settings:
    values = {"corpus": str(corpus), "index": str(tmp_path / "index"), "store": "milvus",
              "milvus_uri": str(tmp_path / "milvus.db"), **overrides}
    return load_settings(values, environ={})


def local_settings(tmp_path: Path, corpus: Path) -> Settings:
    return load_settings({"corpus": str(corpus), "index": str(tmp_path / "local-index")}, environ={})
