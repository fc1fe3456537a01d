"""The kinds of unit in the tree and the default industry departments, with their labels."""
from flask_babel import lazy_gettext as _l

COUNTY = "county"
DISTRICT = "district"
TOWN = "town"
PARK = "park"
COMMUNITY = "community"

# 县 / 区 / 镇（街道） / 园区 / 社区（村）: the levels the offices' reports name (「三级五覆盖」).
UNIT_KINDS = {
    COUNTY: _l("County"),
    DISTRICT: _l("District"),
    TOWN: _l("Town or subdistrict"),
    PARK: _l("Industrial park"),
    COMMUNITY: _l("Community or village"),
}

# 委托执法: a town or park may enforce for the enterprises of these supervision classes (「d类工贸企业」).
DELEGABLE_CLASSES = ("A", "B", "C", "D")

# The industry departments (行业主管部门) enterprises are referred to; the office edits the list.
DEFAULT_DEPARTMENTS = (
    ("housing", "住建", "Housing and construction"),
    ("market", "市场监管", "Market regulation"),
    ("fire", "消防", "Fire and rescue"),
    ("transport", "交通运输", "Transport"),
    ("environment", "生态环境", "Ecology and environment"),
    ("industry", "工信", "Industry and information technology"),
    ("emergency", "应急管理", "Emergency management"),
)
