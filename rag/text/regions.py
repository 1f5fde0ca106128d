"""Chinese administrative regions: names, other names, and the abbreviations of 文号.

General knowledge kept as data (`rag/data/regions.tsv`), never the places of one corpus:
every province-level unit with its 文号 abbreviations (皖, 川/蜀, ...) and the
prefecture-level units of each province. Which regions a corpus is about is read from its
documents at ingest (`rag.corpus.metadata`), not listed in code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.tsv"
_COLUMNS = ("name", "kind", "province", "aliases", "abbreviations")


class RegionKind(StrEnum):
    """The kinds of region the data file names, as Chinese writes them."""

    PROVINCE = "省"
    AUTONOMOUS_REGION = "自治区"
    MUNICIPALITY = "直辖市"
    SPECIAL_REGION = "特别行政区"
    CITY = "地级市"
    AUTONOMOUS_PREFECTURE = "自治州"
    PREFECTURE = "地区"
    LEAGUE = "盟"
    COUNTY_CITY = "县级市"
    FORESTRY_DISTRICT = "林区"

    @property
    def provincial(self) -> bool:
        return self in (self.PROVINCE, self.AUTONOMOUS_REGION, self.MUNICIPALITY, self.SPECIAL_REGION)


@dataclass(frozen=True)
class Region:
    """One region: its full name, kind, the province holding it and how else it is written."""

    name: str  # 合肥市, 安徽省, 延边朝鲜族自治州
    kind: RegionKind
    province: str  # full name of the province-level unit holding it; its own name if provincial
    aliases: tuple[str, ...] = ()  # 合肥; 延边, 延边州
    abbreviations: tuple[str, ...] = ()  # listed 文号 abbreviations: 皖; 穗

    @property
    def provincial(self) -> bool:
        return self.kind.provincial

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def starts_doc_number(self, code: str) -> bool:
        """Whether a 文号's issuer code (川办发, 合政办秘) may stand for this region.

        A province is written with its listed abbreviation; a city also with the first
        character of its name (合政办 for 合肥市), which several cities share, so callers
        confirm a city candidate against the document's text.
        """
        if any(code.startswith(abbreviation) for abbreviation in self.abbreviations):
            return True
        return not self.provincial and bool(code) and code[0] == self.name[0]


@dataclass(frozen=True)
class Gazetteer:
    """The regions of the data file, searchable in text."""

    regions: tuple[Region, ...]

    @cached_property
    def _by_name(self) -> dict[str, Region]:
        found: dict[str, Region] = {}
        for region in self.regions:  # provinces come first in the file and keep a shared alias
            for name in region.names:
                found.setdefault(name, region)
        return found

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        names = sorted(self._by_name, key=len, reverse=True)  # longest first: 合肥市 before 合肥
        # 市 followed by 场 is a market (大同市场), not a city.
        parts = [re.escape(name) + ("(?!场)" if name.endswith("市") else "") for name in names]
        return re.compile("|".join(parts))

    def get(self, name: str) -> Region | None:
        """The region a full name or alias stands for."""
        return self._by_name.get(name)

    def names_of(self, name: str) -> tuple[str, ...]:
        """Every name a region is written with (广西壮族自治区, 广西); just `name` if unknown."""
        region = self._by_name.get(name)
        return region.names if region else (name,)

    def mentions(self, text: str) -> list[tuple[Region, int, int]]:
        """Every region named in `text`, with where its name stands, in text order."""
        return [(self._by_name[match.group(0)], match.start(), match.end()) for match in self._pattern.finditer(text)]

    def first_named(self, text: str) -> Region | None:
        """The first region `text` names (an issuer such as 合肥市人民政府办公室)."""
        match = self._pattern.search(text)
        return self._by_name[match.group(0)] if match else None

    def counts(self, text: str) -> Counter[Region]:
        """How often `text` names each region, by any of its names."""
        return Counter(region for region, _, _ in self.mentions(text))

    def for_doc_number(self, code: str) -> list[Region]:
        """Regions a 文号 issuer code may stand for (provinces first)."""
        return [region for region in self.regions if region.starts_doc_number(code)]


def _cells(value: str) -> tuple[str, ...]:
    return () if value.strip() in ("", "-") else tuple(cell.strip() for cell in value.split(",") if cell.strip())


def parse_regions(lines: Iterable[str]) -> Gazetteer:
    """Regions from the lines of a data file (comments start with #; the header row names the columns)."""
    regions: list[Region] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if tuple(cells) == _COLUMNS:
            continue
        if len(cells) != len(_COLUMNS):
            raise ValueError(f"regions: expected {len(_COLUMNS)} tab-separated columns: {line!r}")
        name, kind, province, aliases, abbreviations = cells
        regions.append(Region(name, RegionKind(kind), name if province == "-" else province, _cells(aliases), _cells(abbreviations)))
    return Gazetteer(tuple(regions))


@lru_cache(maxsize=4)
def load_regions(path: Path = DATA_FILE) -> Gazetteer:
    """The regions of the data file shipped with the package (read once)."""
    return parse_regions(path.read_text(encoding="utf-8").splitlines())
