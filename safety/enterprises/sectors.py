"""Sectors (行业领域) an enterprise belongs to. The key is stored; the label is shown and imported."""
from flask_babel import lazy_gettext as _l

SECTORS = {
    "machinery": _l("Machinery manufacturing"),  # 机械制造
    "metallurgy": _l("Metallurgy"),  # 冶金
    "building_materials": _l("Building materials"),  # 建材
    "light_industry": _l("Light industry"),  # 轻工
    "textiles": _l("Textiles and garments"),  # 纺织服装
    "food": _l("Food processing"),  # 食品加工
    "woodworking": _l("Wood processing"),  # 木材加工
    "chemicals": _l("Hazardous chemicals"),  # 危险化学品
    "warehousing": _l("Warehousing and logistics"),  # 仓储物流
    "construction": _l("Construction sites"),  # 建筑施工
    "gas": _l("Urban gas"),  # 城镇燃气
    "commerce": _l("Shops and crowded places"),  # 商贸及人员密集场所
    "hospitality": _l("Restaurants and hotels"),  # 餐饮住宿
}

# The Chinese names offices use in their spreadsheets, so an import finds the key.
SECTOR_NAMES_ZH = {
    "machinery": "机械制造", "metallurgy": "冶金", "building_materials": "建材", "light_industry": "轻工",
    "textiles": "纺织服装", "food": "食品加工", "woodworking": "木材加工", "chemicals": "危险化学品",
    "warehousing": "仓储物流", "construction": "建筑施工", "gas": "城镇燃气", "commerce": "商贸及人员密集场所",
    "hospitality": "餐饮住宿",
}


def sector_label(key: str) -> str:
    return str(SECTORS.get(key, key))
