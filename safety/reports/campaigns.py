"""The campaigns of the period in the summary (by_campaign, and 「检查行动N次」).

A campaign is in the period when it is active or ended (not a draft) and its own period (starts_on … ends_on)
meets the report's. Its figures are the campaign page's (:mod:`safety.campaigns.figures`, the same
definitions, counted by the same functions): for the whole register, an ended campaign's frozen figures; within
a jurisdiction or a grid, what its tasks at those enterprises count today, and only campaigns with such a task
(not cancelled).
Five statements at most, whatever the number of campaigns.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from safety.campaigns.figures import CampaignFigures, count_campaign_totals
from safety.campaigns.models import Campaign, Task
from safety.campaigns.vocabulary import CLOSED, DRAFT
from safety.enterprises.models import Enterprise
from safety.extensions import db
from safety.reports.periods import Period
from safety.reports.scope import ReportScope


@dataclass(frozen=True)
class CampaignLine:
    campaign: Campaign
    figures: CampaignFigures  # frozen (figures.frozen) for an ended campaign over the whole register


def list_period_campaigns(scope: ReportScope, period: Period, today) -> list[CampaignLine]:
    """The campaigns of the period with their figures, by start date and code."""
    statement = (select(Campaign).where(Campaign.status != DRAFT, Campaign.starts_on <= period.end,
                                        Campaign.ends_on >= period.start)
                 .order_by(Campaign.starts_on, Campaign.code))
    if not scope.whole_register:
        statement = statement.where(Campaign.id.in_(
            select(Task.campaign_id).join(Enterprise, Enterprise.id == Task.enterprise_id)
            .where(scope.clause, Task.cancelled_at.is_(None))))
    campaigns = list(db.session.scalars(statement))
    frozen = {campaign.id: CampaignFigures.from_json(campaign.frozen_figures) for campaign in campaigns
              if scope.whole_register and campaign.status == CLOSED and campaign.frozen_figures}
    live = count_campaign_totals([campaign.id for campaign in campaigns if campaign.id not in frozen], today,
                                 None if scope.whole_register else scope.clause)
    return [CampaignLine(campaign, frozen.get(campaign.id) or live[campaign.id]) for campaign in campaigns]
