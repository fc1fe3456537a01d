"""The published draw (双随机、一公开): the list the office makes public, the same on the page and in Excel.

Everything needed to redo the draw by hand is on it: the seed, the pools' sizes, the parameters and, for each
enterprise drawn, the SHA-256 that ranked it (the rule is in :mod:`safety.campaigns.draw`).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from safety.campaigns import queries
from safety.campaigns.models import Campaign, Draw
from safety.common.workbook import add_sheet, cell, new_workbook, workbook_bytes


@dataclass(frozen=True)
class DrawnLine:
    number: int  # in draw order, from 1
    enterprise_code: str
    enterprise_name: str
    grid: str | None
    hash: str
    team: tuple[str, ...]  # display names, in the order they were drawn


@dataclass(frozen=True)
class PublishedDraw:
    campaign: Campaign
    draw: Draw
    lines: list[DrawnLine]

    @property
    def enterprise_pool_size(self) -> int:
        return len(self.draw.enterprise_pool)

    @property
    def staff_pool_size(self) -> int:
        return len(self.draw.staff_pool)


def get_published_draw(campaign: Campaign) -> PublishedDraw | None:
    """The campaign's draw with the names filled in, or None before the draw: three statements."""
    draw = queries.get_draw(campaign.id)
    if draw is None:
        return None
    grids = {entry["code"]: entry["grid"] for entry in draw.enterprise_pool}
    names = queries.list_enterprise_names([line["enterprise"] for line in draw.result])
    people = queries.list_display_names({username for line in draw.result for username in line["team"]})
    lines = [DrawnLine(n, line["enterprise"], names.get(line["enterprise"], ""), grids.get(line["enterprise"]),
                       line["hash"], tuple(people.get(username, username) for username in line["team"]))
             for n, line in enumerate(draw.result, start=1)]
    return PublishedDraw(campaign, draw, lines)


def published_title(campaign: Campaign) -> str:
    return _("Published list of the random check: %(name)s", name=campaign.name)


def draw_parameters(published: PublishedDraw) -> list[tuple[str, str]]:
    """(label, value) of everything the draw was made from, for the page and the workbook."""
    draw = published.draw
    return [
        (_("Campaign name"), f"{published.campaign.name} ({published.campaign.code})"),
        (_("Basis"), f"{published.campaign.basis_number} {published.campaign.basis_title}".strip()),
        (_("Seed"), draw.seed),
        (_("Enterprises in the pool"), str(published.enterprise_pool_size)),
        (_("Inspectors in the pool"), str(published.staff_pool_size)),
        (_("Enterprises drawn"), str(draw.count) + (f" ({float(draw.share) * 100:g}%)" if draw.share else "")),
        (_("Inspectors per enterprise"), str(draw.team_size)),
        (_("Own grid inspectors never alone"), _("Yes") if draw.exclude_own_grid_alone else _("No")),
    ]


def draw_xlsx(published: PublishedDraw) -> bytes:
    """The published list as one sheet: the title, the parameters, then one row per enterprise drawn."""
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Published draw"), widths=[8, 14, 36, 10, 28, 66])
    sheet.append([cell(sheet, published_title(published.campaign), bold=True)])
    sheet.append([cell(sheet, _("Drawn at"), bold=True), cell(sheet, published.draw.drawn_at)])
    for label, value in draw_parameters(published):
        sheet.append([cell(sheet, label, bold=True), cell(sheet, value)])
    sheet.append([])
    sheet.append([cell(sheet, heading, bold=True) for heading in (
        _("No."), _("Enterprise code"), _("Enterprise"), _("Grid"), _("Inspectors"), "SHA-256")])
    for line in published.lines:
        sheet.append([line.number, cell(sheet, line.enterprise_code), cell(sheet, line.enterprise_name),
                      cell(sheet, line.grid or ""), cell(sheet, "、".join(line.team)), cell(sheet, line.hash)])
    return workbook_bytes(workbook)
