"""The topics (专项) a checklist template belongs to; the key is stored, the label shown.

They follow the special campaigns (专项整治) offices run, so a campaign
inspection can offer the matching checklists first.
"""
from flask_babel import lazy_gettext as _l

from safety.common.words import labeller

TOPICS = {
    "fire": _l("Fire safety"),  # 消防安全
    "electrical": _l("Electrical safety"),  # 用电安全
    "special_equipment": _l("Special equipment and certified operators"),  # 特种设备及持证上岗
    "hazardous_chemicals": _l("Hazardous chemicals"),  # 危险化学品
    "dust": _l("Dust explosion prevention"),  # 粉尘防爆
    "confined_space": _l("Confined spaces"),  # 有限空间
    "gas": _l("Urban gas"),  # 城镇燃气
    "construction": _l("Construction sites"),  # 建筑施工
    "flood_lightning": _l("Flood and lightning protection"),  # 防汛防雷
}

# The checklist an inspection without a task starts from, by the enterprise's sector: the topic of the
# sector's main hazards (a machinery workshop's cranes and pressure vessels, a restaurant's gas).
SECTOR_TOPICS = {
    "machinery": "special_equipment",
    "metallurgy": "special_equipment",
    "building_materials": "dust",
    "light_industry": "fire",
    "textiles": "fire",
    "food": "confined_space",
    "woodworking": "dust",
    "chemicals": "hazardous_chemicals",
    "warehousing": "fire",
    "construction": "construction",
    "gas": "gas",
    "commerce": "fire",
    "hospitality": "gas",
    "fireworks": "hazardous_chemicals",  # 烟花爆竹: stored and sold as explosives under the chemicals rules
}


def suggested_sectors(topic: str | None) -> list[str]:
    """The sectors whose inspections start with a checklist of ``topic`` suggested, in the sectors' order."""
    return [sector for sector, suggested in SECTOR_TOPICS.items() if suggested == topic]


topic_label = labeller(TOPICS)
