"""PNG charts of an evaluation result (matplotlib, Agg, imported only here).

Chinese labels need a CJK font; when none is installed the charts use English labels
instead, so a chart never shows missing-glyph boxes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rag.evaluation.labels import BASELINE_COLUMN, MAIN_COLUMN, TYPE_LABELS, type_order

Result = Mapping[str, Any]

# Families tried in order; the first one matplotlib knows wins.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Serif CJK SC",
                "AR PL UMing CN")
KNOWN_CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",)
BY_TYPE_METRICS = ("recall@5", "mrr@10", "citation_recall", "citation_precision", "key_fact_recall",
                   "refusal_accuracy")
RATE_METRICS = ("citation_precision", "citation_recall", "recall@5")
CHARS_METRIC = "mean_citation_chars"
COLORS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860")


def _fc_list_files() -> list[str]:
    """Font files fontconfig says cover Chinese; empty without fontconfig."""
    if shutil.which("fc-list") is None:
        return []
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(line.split(":")[0].strip() for line in listed.stdout.splitlines() if line.strip())


def _known_cjk(names: set[str]) -> str | None:
    preferred = [family for family in CJK_FAMILIES if family in names]
    fallback = sorted(name for name in names if "CJK" in name and "Mono" not in name)
    return (preferred or fallback or [None])[0]


@cache
def cjk_family() -> str | None:
    """A font family matplotlib can use for Chinese text, or None when there is none.

    Fonts matplotlib already knows come first; otherwise fontconfig's Chinese fonts
    (and the Debian Noto CJK file) are registered and tried.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    family = _known_cjk({entry.name for entry in manager.ttflist})
    if family:
        return family
    registered = {entry.fname for entry in manager.ttflist}
    for path in dict.fromkeys((*KNOWN_CJK_FILES, *_fc_list_files())):
        if Path(path).is_file() and path not in registered:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a font file FreeType cannot read
    return _known_cjk({entry.name for entry in manager.ttflist})


def _label(chinese: str, english: str, cjk: bool) -> str:
    return f"{chinese} {english}" if cjk else english


def _type_label(kind: str, cjk: bool) -> str:
    return f"{TYPE_LABELS[kind]}\n{kind}" if cjk and kind in TYPE_LABELS else kind


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)  # Agg explicitly: no display, no global pyplot state
    return figure


def _bars(axes: Any, groups: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
          value_format: str | None = None) -> None:
    """Grouped bars; a missing value (None) leaves its slot empty rather than drawing 0.

    With `value_format` (e.g. "%.3f") each bar is labelled with its value.
    """
    width = 0.8 / max(1, len(series))
    for number, (name, values) in enumerate(series):
        offset = (number - (len(series) - 1) / 2) * width
        kept = [(index + offset, value) for index, value in enumerate(values) if value is not None]
        bars = axes.bar([x for x, _ in kept], [value for _, value in kept], width,
                        color=COLORS[number % len(COLORS)], label=name)
        if value_format:
            axes.bar_label(bars, fmt=value_format, fontsize=8, padding=2)
    axes.set_xticks(range(len(groups)), list(groups))
    axes.grid(axis="y", alpha=0.3)


def _style(cjk: str | None) -> dict[str, Any]:
    families = [cjk, "DejaVu Sans"] if cjk else ["DejaVu Sans"]
    return {"font.family": families, "axes.unicode_minus": False}


def by_type_chart(path: Path, result: Result, cjk: str | None) -> Path:
    """Grouped bars: for each question type, the main rate metrics."""
    by_type = result.get("by_type", {})
    kinds = type_order(by_type)
    series = [(metric, [by_type[kind].get(metric) for kind in kinds]) for metric in BY_TYPE_METRICS]
    figure = _figure(max(7.0, 1.3 * len(kinds) + 2), 4.5)
    axes = figure.add_subplot()
    _bars(axes, [_type_label(kind, bool(cjk)) for kind in kinds], series)
    axes.set_ylim(0, 1.05)
    axes.set_title(_label(f"按题型的指标（{MAIN_COLUMN}）", "Metrics by question type (clause chunking)", bool(cjk)))
    axes.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    figure.savefig(path)
    return path


def comparison_chart(path: Path, result: Result, baseline: Result, cjk: str | None) -> Path:
    """Clause vs fixed chunking: three rates side by side, and mean cited characters."""
    names = [_label(MAIN_COLUMN, "clause", bool(cjk)), _label(BASELINE_COLUMN, "fixed", bool(cjk))]
    figure = _figure(9.0, 4.2)
    rates, chars = figure.subplots(1, 2, width_ratios=[3, 1])
    _bars(rates, list(RATE_METRICS), [(name, [data.get(key) for key in RATE_METRICS])
                                      for name, data in zip(names, (result, baseline))], "%.3f")
    rates.set_ylim(0, 1.1)
    rates.legend(fontsize=8)
    rates.set_title(_label(f"{MAIN_COLUMN}与{BASELINE_COLUMN}", "Clause vs fixed chunking", bool(cjk)))
    _bars(chars, [CHARS_METRIC], [(name, [data.get(CHARS_METRIC)]) for name, data in zip(names, (result, baseline))],
          "%.0f")
    chars.margins(y=0.1)
    chars.set_title(_label("引用平均字数", "Mean cited chars", bool(cjk)), fontsize=10)
    figure.savefig(path)
    return path


def draw_charts(folder: Path, result: Result, baseline: Result | None = None) -> list[Path]:
    """Write the charts into `folder`: by_type.png, and comparison.png with a baseline."""
    import matplotlib

    cjk = cjk_family()
    with matplotlib.rc_context(_style(cjk)):
        charts = [by_type_chart(Path(folder) / "by_type.png", result, cjk)]
        if baseline is not None:
            charts.append(comparison_chart(Path(folder) / "comparison.png", result, baseline, cjk))
    return charts
