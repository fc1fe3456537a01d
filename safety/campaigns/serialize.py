"""Campaigns, tasks and draws as the API answers them (DESIGN.md "Plans, campaigns and tasks").

The contract's field names are kept as they are; the labels (``kind_label``, ``status_label``, …) are
added in the reader's language.
"""
from __future__ import annotations

from safety.campaigns.figures import TOTAL_KEYS, CampaignFigures
from safety.campaigns.models import Campaign, Draw
from safety.campaigns.queries import TaskView
from safety.campaigns.rules import scope_criteria
from safety.campaigns.vocabulary import (campaign_kind_label, campaign_status_label, plan_reason_label,
                                         task_inspection_kind, task_status_label)
from safety.enterprises.sectors import sector_label


def _time(value):
    return value.isoformat() if value is not None else None


def campaign_json(campaign: Campaign) -> dict:
    """The campaign without its figures."""
    return {
        "code": campaign.code, "name": campaign.name,
        "kind": campaign.kind, "kind_label": campaign_kind_label(campaign.kind),
        "status": campaign.status, "status_label": campaign_status_label(campaign.status),
        "basis": {"number": campaign.basis_number, "title": campaign.basis_title},
        "starts_on": campaign.starts_on.isoformat(), "ends_on": campaign.ends_on.isoformat(),
        "scope": scope_criteria(campaign.scope), "template_ids": campaign.template_ids,
        "enforcement": campaign.enforcement, "exclude_own_grid_alone": campaign.exclude_own_grid_alone,
        "unit": {"code": campaign.unit.code, "name": campaign.unit.name, "kind": campaign.unit.kind},
        "created_at": _time(campaign.created_at), "activated_at": _time(campaign.activated_at),
        "closed_at": _time(campaign.closed_at),
    }


def campaign_listed_json(campaign: Campaign, counts: dict) -> dict:
    """The campaign as the list shows it: with its tasks, done and overdue."""
    return {**campaign_json(campaign), **{key: counts.get(key, 0) for key in ("tasks", "done", "overdue")}}


def campaign_detail_json(campaign: Campaign, figures: CampaignFigures) -> dict:
    """The campaign with its figures at the top level (as the summary puts its totals), then the tables."""
    return {
        **campaign_json(campaign),
        **{key: getattr(figures, key) for key in TOTAL_KEYS},
        "rectification_rate": figures.rectification_rate,
        "as_of": figures.as_of.isoformat(), "frozen": figures.frozen,
        "by_grid": figures.by_grid,
        "by_sector": [{**line, "label": sector_label(line["sector"])} for line in figures.by_sector],
        "overdue_by_inspector": figures.overdue_by_inspector,
    }


def task_json(view: TaskView, campaign: Campaign) -> dict:
    """A task as the contract shapes it, with its enterprise's name, why it was proposed and its cancellation."""
    task = view.task
    return {
        "uuid": task.uuid,
        "campaign": {"code": campaign.code, "name": campaign.name, "kind": campaign.kind},
        "enterprise_code": view.enterprise_code, "enterprise_name": view.enterprise_name,
        "due_on": task.due_on.isoformat(), "template_ids": campaign.template_ids, "team": list(view.team),
        "status": view.status, "status_label": task_status_label(view.status),
        "inspection_kind": task_inspection_kind(campaign.kind),
        "reasons": [{**reason, "label": plan_reason_label(reason)} for reason in task.reason or []],
        "cancel_reason": task.cancel_reason,
    }


def draw_json(draw: Draw, tasks: list[dict]) -> dict:
    """The draw's answer: its seed and tasks (contract), and everything needed to redo it by hand."""
    return {
        "seed": draw.seed, "tasks": tasks,
        "draw": {"count": draw.count, "share": draw.share, "team_size": draw.team_size,
                 "exclude_own_grid_alone": draw.exclude_own_grid_alone, "drawn_at": _time(draw.drawn_at),
                 "enterprise_pool": draw.enterprise_pool, "staff_pool": draw.staff_pool, "result": draw.result},
    }
