"""Whether a text says who acts or is in charge, and which table rows say nothing else.

A clause answers 归哪个部门管 / 谁来付 / 找哪个局 when it names who is in charge (负责, 牵头,
主管, 责任单位, 承担主体责任) or a body acting (由施工总承包单位先行清偿, 报区商务局审核,
市场监督管理部门依法查处). Being answerable for one's own papers (申请人对申请材料的真实性负责),
a 负责人 or a liability (承担赔偿责任) names no one in charge. A row of a task table whose cells
are only its number, a short task name and who does it (序号：3；重点任务：智慧养老；牵头单位：……)
says who and nothing more.
"""

from __future__ import annotations

import re

from rag.answering.asking import Ask, holds
from rag.corpus.tables import content_fields
from rag.text.numbers import FIGURE
from rag.types import Clause

# A public body or an organisation by its ending word (区商务局, 市场监督管理部门, 施工总承包单位,
# 管委会); 局 not in 格局/布局/结局/当局, 办 not in 办理/办法.
_BODY = r"(?:部门|机关|政府|机构|委员会|(?<![格布结当])局|[厅委署]|办(?![理法])|单位|办事处)"
_BODY_ACTS = re.compile(
    # 由县农业农村局责令退还, 由施工总承包单位先行清偿, 由有过错的一方承担 (not 由于, 由此, 自由, 理由)
    rf"(?<![自理缘])由(?![于此])[^，。；、,;]{{1,20}}?(?:{_BODY}|承担)"
    # 报区商务局审核, 向所在地商务主管部门提交, 经区人民政府批准 (not 经营, 经济, 经过, 经审核, 方向)
    rf"|(?:报|(?<![面方导])向|经(?![营济过审认常]))[^，。；、,;]{{1,15}}?{_BODY}"
    rf"|{_BODY}(?:应当|依法|依照|会同|负责(?!人)|牵头|组织|责令|审核|审批|受理|批准|制定|核查|查处|认定)"
)
# Answerable for one's own papers, a person in charge, a liability: no one put in charge of a matter.
_NOT_IN_CHARGE = re.compile(
    r"对[^，。；,;]{0,20}(?:真实性|合法性|准确性|完整性|有效性)[^，。；,;]{0,6}负责|负责人(?!才)"
    r"|承担[^，。；,;]{0,6}(?:赔偿|法律|民事|刑事|连带|违约)责任|由[于此]"  # 由于, 由此: no one acting
)
_WHO_COLUMN = re.compile(r"(?:牵头|责任|配合|负责|主管|实施|参与|协办|承办)(?:单位|部门)")  # not 单位名称
MAX_TASK_CHARS = 16  # a task named (健全协调机制), not a measure set out (对首次认定的高新技术企业给予一次性奖励)


def says_who(text: str) -> bool:
    """`text` names who is in charge of something or a body acting on it."""
    return bool(_BODY_ACTS.search(text)) or holds(Ask.RESPONSIBLE, _NOT_IN_CHARGE.sub("", text))


def names_only_who(clause: Clause) -> bool:
    """`clause` is a table row whose cells are who does a task (牵头单位, 责任部门 …) besides its number
    and at most one short task name without figures: it names a task and who does it, not what is done."""
    if clause.kind != "row":
        return False
    fields = content_fields(clause.text)
    who = [name for name, _ in fields if _WHO_COLUMN.search(name)]
    named = [cell for name, cell in fields if not _WHO_COLUMN.search(name)]
    return bool(who) and len(named) <= 1 and all(len(cell) <= MAX_TASK_CHARS and not FIGURE.search(cell) for cell in named)


_NAMED_BODY = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:(?<![格布结当])局|厅|委员会|管委会|部门|办公室)")


def names_body(text: str) -> bool:
    """`text` names a public body (区民政局, 市场监管部门, 管委会)."""
    return bool(_NAMED_BODY.search(text))
