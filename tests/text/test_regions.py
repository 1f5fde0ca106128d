"""The regions data file and its loader: coverage, 文号 abbreviations, names found in text."""

from __future__ import annotations

import pytest

from rag.text.regions import RegionKind, load_regions, parse_regions

# The one-character abbreviations every province-level unit is written with in 文号.
PROVINCE_ABBREVIATIONS = {
    "北京市": "京", "天津市": "津", "上海市": "沪", "重庆市": "渝", "河北省": "冀", "山西省": "晋",
    "内蒙古自治区": "蒙", "辽宁省": "辽", "吉林省": "吉", "黑龙江省": "黑", "江苏省": "苏", "浙江省": "浙",
    "安徽省": "皖", "福建省": "闽", "江西省": "赣", "山东省": "鲁", "河南省": "豫", "湖北省": "鄂",
    "湖南省": "湘", "广东省": "粤", "广西壮族自治区": "桂", "海南省": "琼", "四川省": "川蜀", "贵州省": "贵黔",
    "云南省": "云滇", "西藏自治区": "藏", "陕西省": "陕秦", "甘肃省": "甘陇", "青海省": "青",
    "宁夏回族自治区": "宁", "新疆维吾尔自治区": "新",
}


@pytest.fixture(scope="module")
def regions():
    return load_regions()


def test_every_province_level_unit_with_its_doc_number_abbreviations(regions):
    for name, abbreviations in PROVINCE_ABBREVIATIONS.items():
        region = regions.get(name)
        assert region is not None and region.provincial, name
        assert set(abbreviations) <= set(region.abbreviations), name


def test_every_province_lists_its_prefecture_level_units(regions):
    by_province: dict[str, int] = {}
    for region in regions.regions:
        if region.kind in (RegionKind.CITY, RegionKind.AUTONOMOUS_PREFECTURE, RegionKind.PREFECTURE, RegionKind.LEAGUE):
            assert regions.get(region.province).provincial, region.name
            by_province[region.province] = by_province.get(region.province, 0) + 1
    provinces = [region for region in regions.regions if region.kind in (RegionKind.PROVINCE, RegionKind.AUTONOMOUS_REGION)]
    for province in provinces:
        if province.name != "台湾省":
            assert by_province.get(province.name, 0) >= 2, province.name
    assert sum(by_province.values()) >= 330  # 293 prefecture-level cities plus the 州, 地区 and 盟


def test_names_are_unique_and_full_names_keep_their_suffix(regions):
    names = [region.name for region in regions.regions]
    assert len(names) == len(set(names))
    assert all(name.endswith(("省", "市", "自治区", "特别行政区", "州", "地区", "盟", "林区")) for name in names)


def test_full_names_and_aliases_are_found_in_text_longest_first(regions):
    text = "贵州省遵义市与黔东南州联合开展，遵义的企业可申报；大同市场监管另行规定。"
    found = [(region.name, text[start:end]) for region, start, end in regions.mentions(text)]
    assert found == [
        ("贵州省", "贵州省"),
        ("遵义市", "遵义市"),
        ("黔东南苗族侗族自治州", "黔东南州"),
        ("遵义市", "遵义"),
    ]
    assert regions.counts(text)[regions.get("遵义市")] == 2


def test_a_short_name_that_is_a_common_word_is_no_alias(regions):
    assert regions.get("朝阳") is None and regions.get("朝阳市") is not None
    assert regions.first_named("发展朝阳产业，推进长治久安") is None


def test_doc_number_codes_name_provinces_and_cities(regions):
    assert [region.name for region in regions.for_doc_number("川办发") if region.provincial] == ["四川省"]
    assert [region.name for region in regions.for_doc_number("黔府发") if region.provincial] == ["贵州省"]
    assert "广州市" in {region.name for region in regions.for_doc_number("穗府办")}
    cities = {region.name for region in regions.for_doc_number("合政办秘")}
    assert cities == {"合肥市"}


def test_parse_rejects_a_row_with_missing_columns():
    good = ["# comment", "name\tkind\tprovince\taliases\tabbreviations", "某省\t省\t-\t某\t某"]
    gazetteer = parse_regions(good)
    assert gazetteer.get("某") is gazetteer.get("某省") and gazetteer.get("某省").province == "某省"
    with pytest.raises(ValueError):
        parse_regions(["某省\t省\t-"])
