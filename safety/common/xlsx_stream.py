"""Writing a large workbook fast: each sheet's XML streamed into the .xlsx as its rows are appended.

openpyxl, even in write-only mode, builds and checks an object per cell and writes it
through an XML serializer: some twenty microseconds a cell, thirteen seconds for a
district's quarterly summary (700,000 cells). This writer formats each row as text in one
pass and deflates it into the zip as it goes, a few microseconds a cell, holding one row
at a time. It writes what the summary workbook needs and nothing more: text (stored inline,
so a value starting with "=" is never read as a formula), numbers, dates and times (on the
office's clock), bold text, number formats, column widths and a frozen first row.

The same four calls as :mod:`safety.common.workbook` (``new_workbook``, ``add_sheet``,
``cell``, ``workbook_bytes``), so a workbook moves from one to the other by its import.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from safety.common.office_time import office_zone
from safety.common.workbook import DATE_FORMAT, SHEET_TITLE_MAX, TIME_FORMAT

_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_COLUMNS = [get_column_letter(n) for n in range(1, 200)]
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Styled:
    """A value with a style: bold, or a number format."""

    value: object
    style: int


class Workbook:
    """An .xlsx being written in memory, one sheet at a time."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.titles: list[str] = []
        self.styles: dict[tuple[bool, str | None], int] = {(False, None): 0}
        self.current: Sheet | None = None

    def style(self, bold: bool, number_format: str | None) -> int:
        return self.styles.setdefault((bold, number_format), len(self.styles))

    def close(self) -> bytes:
        if self.current is not None:
            self.current.finish()
        sheets = "".join(f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
                         for n, title in enumerate(self.titles, start=1))
        self._write("xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>{sheets}</sheets>'
                                        f'</workbook>')
        relations = "".join(f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                            for n in range(1, len(self.titles) + 1))
        relations += f'<Relationship Id="rId{len(self.titles) + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
        self._write("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PACKAGE_RELS}">{relations}</Relationships>')
        self._write("xl/styles.xml", self._styles_xml())
        self._write("_rels/.rels", f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
                                   f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, len(self.titles) + 1))
        self._write("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{overrides}</Types>'))
        self.zip.close()
        return self.buffer.getvalue()

    def _styles_xml(self) -> str:
        formats = sorted({number_format for _bold, number_format in self.styles if number_format})
        format_ids = {number_format: 164 + n for n, number_format in enumerate(formats)}
        num_fmts = "".join(f'<numFmt numFmtId="{format_ids[f]}" formatCode={quoteattr(f)}/>' for f in formats)
        xfs = "".join(
            f'<xf numFmtId="{format_ids.get(number_format, 0)}" fontId="{1 if bold else 0}" fillId="0" borderId="0"'
            + (' applyFont="1"' if bold else "") + (' applyNumberFormat="1"' if number_format else "") + "/>"
            for (bold, number_format), _index in sorted(self.styles.items(), key=lambda item: item[1]))
        return (f'<styleSheet xmlns="{_MAIN}"><numFmts count="{len(formats)}">{num_fmts}</numFmts>'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(self.styles)}">{xfs}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')

    def _write(self, name: str, xml: str) -> None:
        self.zip.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)


class Sheet:
    """A sheet whose rows are written as they are appended."""

    def __init__(self, workbook: Workbook, number: int, widths: Sequence[float], freeze: str | None):
        self.workbook = workbook
        self.stream = workbook.zip.open(f"xl/worksheets/sheet{number}.xml", "w")
        self.rows = 0
        self.zone = office_zone()
        self.date_style = workbook.style(False, DATE_FORMAT)
        self.time_style = workbook.style(False, TIME_FORMAT)
        head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
        if freeze:
            column, row = re.fullmatch(r"([A-Z]+)(\d+)", freeze).groups()
            split_x, split_y = _COLUMNS.index(column), int(row) - 1
            splits = (f' xSplit="{split_x}"' if split_x else "") + (f' ySplit="{split_y}"' if split_y else "")
            pane = f'<pane{splits} topLeftCell="{freeze}" activePane="bottomLeft" state="frozen"/>'
            head += f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
        if widths:
            head += "<cols>" + "".join(f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
                                       for n, width in enumerate(widths, start=1)) + "</cols>"
        self.stream.write((head + "<sheetData>").encode())

    def append(self, values: Sequence) -> None:
        """One row; each value text, a number, a date or time, None (an empty cell) or a :class:`Styled`."""
        self.rows += 1
        row = str(self.rows)
        cells = []
        for column, value in zip(_COLUMNS, values):
            style = 0
            if isinstance(value, Styled):
                value, style = value.value, value.style
            styled = f' s="{style}"' if style else ""
            if value is None:
                if style:
                    cells.append(f'<c r="{column}{row}"{styled}/>')
                continue
            if isinstance(value, bool):
                cells.append(f'<c r="{column}{row}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{column}{row}"{styled}><v>{value!r}</v></c>')
            elif isinstance(value, datetime):
                if value.tzinfo is not None:
                    value = value.astimezone(self.zone).replace(tzinfo=None)
                serial = (value - _EPOCH).total_seconds() / 86400
                cells.append(f'<c r="{column}{row}" s="{style or self.time_style}"><v>{serial!r}</v></c>')
            elif isinstance(value, date):
                serial = (value - _EPOCH.date()).days
                cells.append(f'<c r="{column}{row}" s="{style or self.date_style}"><v>{serial}</v></c>')
            else:  # text, or what reads as text (a translated label)
                text = escape(_NOT_IN_XML.sub("", str(value)))
                cells.append(f'<c r="{column}{row}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is>'
                             '</c>')
        self.stream.write(f'<row r="{row}">{"".join(cells)}</row>'.encode())

    def styled(self, value, *, bold: bool = False, number_format: str | None = None):
        """What to append to a row for ``value``: bold or with a number format when asked (a date or time gets
        its format by itself). safety.common.workbook.cell hands a sheet of this writer here."""
        if not bold and number_format is None:
            return value
        if number_format is None and isinstance(value, (date, datetime)):
            number_format = TIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return Styled(value, self.workbook.style(bold, number_format))

    def finish(self) -> None:
        self.stream.write(b"</sheetData></worksheet>")
        self.stream.close()


def new_workbook() -> Workbook:
    return Workbook()


def add_sheet(workbook: Workbook, title: str, widths: Sequence[float] = (), freeze: str | None = None) -> Sheet:
    """A new sheet (the one before it is finished); ``widths`` of its first columns in characters."""
    if workbook.current is not None:
        workbook.current.finish()
    workbook.titles.append(title[:SHEET_TITLE_MAX])
    workbook.current = Sheet(workbook, len(workbook.titles), widths, freeze)
    return workbook.current


def cell(sheet: Sheet, value, *, bold: bool = False, number_format: str | None = None):
    """What to append to a row of ``sheet`` for ``value`` (see :meth:`Sheet.styled`)."""
    return sheet.styled(value, bold=bold, number_format=number_format)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of ``workbook``."""
    return workbook.close()
