"""The campaign vocabulary: the kind a task's inspection gets, and the report category of every inspection."""
import pytest
from sqlalchemy import literal, null, select

from safety.campaigns.vocabulary import (CAMPAIGN_KINDS, OUTCOMES, REPORT_CATEGORIES, TASK_STATUSES,
                                         campaign_kind_label, plan_reason_label, report_category,
                                         report_category_case, task_inspection_kind)
from safety.extensions import db
from safety.inspections.vocabulary import KINDS as INSPECTION_KINDS

# (inspection kind, its task's campaign kind or None) → category, written out by hand
CATEGORIES = {
    ("routine", None): "routine", ("campaign", None): "campaign", ("lookback", None): "lookback",
    ("unannounced", None): "unannounced",
    ("routine", "plan"): "routine", ("lookback", "plan"): "lookback", ("unannounced", "plan"): "unannounced",
    ("campaign", "plan"): "campaign",
    ("routine", "campaign"): "campaign", ("campaign", "campaign"): "campaign", ("lookback", "campaign"): "lookback",
    ("unannounced", "campaign"): "unannounced",
    ("campaign", "random"): "random", ("unannounced", "random"): "random", ("routine", "random"): "random",
    ("lookback", "random"): "random",
    ("campaign", "joint"): "joint", ("routine", "joint"): "joint", ("lookback", "joint"): "joint",
    ("unannounced", "joint"): "joint",
    ("campaign", "holiday"): "holiday", ("unannounced", "holiday"): "holiday", ("routine", "holiday"): "holiday",
    ("lookback", "holiday"): "holiday",
    ("restart", None): "restart", ("restart", "plan"): "restart", ("restart", "campaign"): "restart",
    ("restart", "random"): "random", ("restart", "joint"): "joint", ("restart", "holiday"): "holiday",
}


def test_the_table_covers_every_pair():
    assert set(CATEGORIES) == {(kind, campaign) for kind in INSPECTION_KINDS for campaign in (None, *CAMPAIGN_KINDS)}
    assert set(CATEGORIES.values()) == set(REPORT_CATEGORIES)


@pytest.mark.parametrize("pair,expected", CATEGORIES.items(), ids=[f"{k}-{c}" for k, c in CATEGORIES])
def test_python_category(pair, expected):
    assert report_category(*pair) == expected


def test_sql_category_gives_the_same_table(app):
    for (kind, campaign_kind), expected in CATEGORIES.items():
        campaign_column = literal(campaign_kind) if campaign_kind else null()
        assert db.session.scalar(select(report_category_case(literal(kind), campaign_column))) == expected


def test_a_plans_task_is_a_routine_inspection_and_others_campaign_inspections():
    assert {kind: task_inspection_kind(kind) for kind in CAMPAIGN_KINDS} == {
        "campaign": "campaign", "random": "campaign", "plan": "routine", "holiday": "campaign", "joint": "campaign"}
    assert set(map(task_inspection_kind, CAMPAIGN_KINDS)) <= set(INSPECTION_KINDS)


def test_the_keys_the_contract_names():
    assert CAMPAIGN_KINDS == ("campaign", "random", "plan", "holiday", "joint")
    assert TASK_STATUSES == ("pending", "done", "overdue", "cancelled")
    assert OUTCOMES == ("not_inspected", "rectifying", "rectified", "upgraded", "suspended", "closed", "relocated")


def test_labels_read_in_chinese_by_default(app):
    assert campaign_kind_label("random") == "双随机抽查"
    assert plan_reason_label({"code": "not_inspected_for_N_days", "days": 200}) == "已 200 天未检查"
    assert plan_reason_label({"code": "class_B", "days": 60}) == "B类：每 60 天检查一次"
    assert plan_reason_label({"code": "recurring"}) == "隐患反复出现"
