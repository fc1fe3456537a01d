"""The columns of an enterprise list as offices keep it, shared by the import and the export.

An import finds each column by its heading, Chinese or English; an export writes
the Chinese headings, so an exported file can be imported again unchanged.
"""
import re
from dataclasses import dataclass

from safety.enterprises.validation import plain


@dataclass(frozen=True)
class Column:
    key: str  # the field, and the English heading of the design
    heading_zh: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def headings(self) -> tuple[str, ...]:
        """Every heading this column is recognised by."""
        return (self.key, self.heading_zh) + self.aliases


# In the order an export writes them.
COLUMNS = (
    Column("code", "企业编码", aliases=("企业编号",)),
    Column("name", "企业名称", required=True, aliases=("单位名称", "enterprise_name")),
    Column("uscc", "统一社会信用代码", required=True, aliases=("社会信用代码", "信用代码")),
    Column("address", "地址", aliases=("企业地址", "经营地址")),
    Column("sector", "行业领域", required=True, aliases=("行业",)),
    Column("supervision_class", "监管类别", aliases=("监管等级",)),
    Column("grid", "网格", aliases=("所属网格", "网格编码")),
    Column("contact", "联系人", aliases=("contact_person",)),
    Column("phone", "联系电话", aliases=("电话", "contact_phone")),
    Column("status", "状态", aliases=("经营状态",)),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

_TRAILING_NOTE = re.compile(r"\([^)]*\)$")


def heading_key(text) -> str:
    """A heading reduced to what identifies it: "企业名称（必填）*" and "Supervision class" both match."""
    value = plain(text)  # NFKC also turns full-width brackets and asterisks into ASCII ones
    value = value.strip("* ")
    value = _TRAILING_NOTE.sub("", value).strip("* ")
    return re.sub(r"[\s\-]+", "_", value.lower())


HEADING_LOOKUP = {heading_key(heading): column for column in COLUMNS for heading in column.headings()}


def column_for(heading) -> Column | None:
    """The column a spreadsheet heading names, or None for columns the register does not keep."""
    return HEADING_LOOKUP.get(heading_key(heading))
