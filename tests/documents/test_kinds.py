"""Each kind of document rendered from the park's records and read back field by field, in Chinese as printed."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from safety.documents.models import Document, document_hazards
from safety.documents.operations import issue_document
from safety.documents.sources import DocumentRequest
from safety.common.errors import DomainError
from safety.extensions import db
from safety.inspections.models import Answer, InspectionTeamMember
from safety.office.operations import OfficeIdentity, update_office
from tests.factories import make_hazard, make_user
from tests.reports.conftest import utc

ISSUED_AT = utc(2026, 12, 4, 2)  # 10:00 on 4 December 2026 in Shanghai


@pytest.fixture
def office(park):
    update_office(park["users"]["root"], OfficeIdentity(
        "某某区应急管理局", "区应急", "某某区人民路1号", "0571-88886666", "某某区应急管理局执法专用章",
        {"rectification_order": "区应急责改", "inspection_record": "区应急检记"}))
    for name, number in (("north", "33010020001"), ("south", "33010020002"), ("chief", "33010020009")):
        park["users"][name].certificate_number = number
        park["users"][name].locale = "zh_CN"
    db.session.commit()


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _field(html: str, name: str) -> str:
    match = re.search(rf'<(\w+)[^>]*data-field="{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no field {name}"
    return "".join(re.sub(r"<[^>]+>", "", match.group(2)).split())


def _issue(park, **values):
    document, created = issue_document(park["users"]["chief"], DocumentRequest(**values), now=ISSUED_AT)
    db.session.commit()
    return document, created


def test_the_order_prints_office_number_team_date_and_hazards(client, auth, park, office):
    inspection = park["inspections"]["I2"]
    db.session.add(InspectionTeamMember(inspection_id=inspection.id, position=1, user_id=park["users"]["chief"].id,
                                        username="chief", name="", role="staff"))
    db.session.add(InspectionTeamMember(inspection_id=inspection.id, position=2, name="王专家",
                                        organisation="市安全专家库", role="expert"))
    db.session.commit()
    document, created = _issue(park, kind="rectification_order", inspection_uuid=inspection.uuid)
    assert created and document.reference == "区应急责改〔2026〕第001号"
    auth.login("chief")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert _field(html, "office") == "某某区应急管理局"
    assert _field(html, "number") == "区应急责改〔2026〕第001号"
    assert _field(html, "enterprise") == "华东钢铁有限公司："
    assert _field(html, "date") == "2026年12月4日"
    assert _field(html, "seal").startswith("某某区应急管理局执法专用章")
    team = _field(html, "team")
    assert "李北（执法证号：33010020001）" in team and "王主任（执法证号：33010020009）" in team
    assert "王专家（市安全专家库）" in team
    hazard = park["hazards"]["H3"]
    row = re.search(rf'<tr data-hazard="{hazard.uuid}">(.*?)</tr>', html, re.S).group(1)
    assert "配电箱门未关闭" in row and "张三" in row and "清理杂物，保持通道畅通" in row
    assert f"{hazard.deadline.year}年{hazard.deadline.month}月{hazard.deadline.day}日" in row
    assert "依据：《中华人民共和国消防法》第十六条" in row
    assert "责令限期整改指令书" in html


def test_the_inspection_record_lists_what_was_checked_and_found(client, auth, park, office):
    inspection = park["inspections"]["I1"]
    items = park["version"].sections[0].items
    db.session.add_all([Answer(inspection_id=inspection.id, item_id=items[0].id, result="fail"),
                        Answer(inspection_id=inspection.id, item_id=items[1].id, result="pass", note="已查看台账")])
    db.session.commit()
    document, _created = _issue(park, kind="inspection_record", inspection_uuid=inspection.uuid)
    assert document.reference == "区应急检记〔2026〕第001号"
    auth.login("chief")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert _field(html, "number") == "区应急检记〔2026〕第001号"
    assert _field(html, "enterprise-name") == "华东钢铁有限公司"
    assert _field(html, "time") == "2025年1月10日11:00—12:00"
    assert re.search(r'data-item="1">.*?检查项1.*?不符合', html, re.S)
    assert re.search(r'data-item="2">.*?检查项2.*?已查看台账.*?符合', html, re.S)
    assert "灭火器被遮挡" in html and "煤气管道泄漏报警器失效" in html  # both hazards, on the spot and deadline
    assert "现场检查记录" in html and _field(html, "date") == "2026年12月4日"


def test_onsite_measures_come_from_hazards_marked_with_a_measure(client, auth, park, office):
    hazard = park["hazards"]["H2"]
    hazard.onsite_measure = {"measure": "stop_equipment", "place": "2号高炉煤气管道区域",
                             "legal_basis": "《安全生产法》第六十五条第一款第三项"}
    db.session.commit()
    document, _created = _issue(park, kind="onsite_measures", inspection_uuid=park["inspections"]["I1"].uuid)
    assert document.reference == "区应急〔2026〕第001号"  # no prefix of its own: the short name
    auth.login("chief")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    row = re.search(rf'<tr data-hazard="{hazard.uuid}">(.*?)</tr>', html, re.S).group(1)
    assert _field(row, "measure") == "停止使用相关设施、设备"
    assert _field(row, "place") == "2号高炉煤气管道区域"
    assert "《安全生产法》第六十五条第一款第三项" in row
    assert "灭火器被遮挡" not in html  # H1 had no measure
    assert [link for link in db.session.execute(select(document_hazards.c.hazard_id).where(
        document_hazards.c.document_id == document.id)).scalars()] == [hazard.id]


def test_an_inspection_without_measures_has_no_decision(park, office):
    with pytest.raises(DomainError) as refused:
        _issue(park, kind="onsite_measures", inspection_uuid=park["inspections"]["I2"].uuid)
    assert refused.value.code == "no_onsite_measures"


def test_the_recheck_opinion_is_on_the_frame(client, auth, park, office):
    opinion = park["documents"]["opinion_H4"]  # issued before the office was set: as it was, frozen
    assert opinion.kind == "recheck_opinion" and opinion.reference == "〔2025〕第001号"
    from safety.hazards.models import HazardEvent
    from tests.documents.test_pages import _recheck
    event = _recheck(park, "H3", "recheck_failed", utc(2026, 12, 3, 2), new_deadline=date(2026, 12, 20),
                     signed_by="李北")
    assert isinstance(event, HazardEvent)
    db.session.commit()
    document, _created = _issue(park, kind="recheck_opinion", event_uuid=event.uuid)
    assert document.reference == "区应急〔2026〕第001号"
    auth.login("chief")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert _field(html, "opinion").startswith("未整改") or "2026年12月20日" in _field(html, "opinion")
    assert _field(html, "team") == "执法人员：李北（执法证号：33010020001）"  # who re-checked it
    assert "整改复查意见书" in html


def test_the_circular_names_the_enterprises_the_supervisor_confirmed(client, auth, park, office):
    today = date.today()
    period = (date(today.year - 1, 1, 1), today)
    document, _created = _issue(park, kind="circular", period_from=period[0], period_to=period[1],
                                enterprise_codes=("E10002",))
    assert document.enterprise_id is None
    named = [entry["code"] for entry in document.content["enterprises"]]
    assert named == ["E10002"]  # the bakery (H5 40 days overdue); the steelworks was left out by the supervisor
    auth.login("chief")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "安委会各成员单位" in html and "阳光食品有限公司" in html and "烤炉燃气管道老化" in html
    assert "华东钢铁有限公司" not in html
    assert _field(html, "period").startswith(f"{period[0].year}年1月1日至")


def test_a_circular_for_an_empty_period_is_refused(park, office):
    with pytest.raises(DomainError) as refused:
        _issue(park, kind="circular", period_from=date(2020, 1, 1), period_to=date(2020, 3, 31))
    assert refused.value.code == "empty_period" and refused.value.status == 400
    assert db.session.scalar(select(Document).where(Document.kind == "circular")) is None


def test_a_team_member_without_a_certificate_number_is_named_and_nothing_is_issued(park, office):
    park["users"]["north"].certificate_number = None
    park["users"]["north"].display_name = "李北"
    db.session.commit()
    count = len(db.session.scalars(select(Document)).all())
    with pytest.raises(DomainError) as refused:
        _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid)
    assert refused.value.code == "certificate_missing" and "李北" in refused.value.message
    db.session.rollback()
    assert len(db.session.scalars(select(Document)).all()) == count
    # the number was not spent: the next order is still the first of the year
    park["users"]["north"].certificate_number = "33010020001"
    db.session.commit()
    document, _created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid)
    assert document.number == 1


def test_the_content_is_frozen_with_its_hash_and_a_correction_cites_the_old(client, auth, park, office):
    from safety.common.canonical import value_hash
    from safety.documents.queries import get_superseding
    order, _created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid)
    assert order.sha256 == value_hash(order.content) and len(order.sha256) == 64
    park["hazards"]["H3"].measures = "更换配电箱门锁"
    db.session.commit()
    assert order.content["hazards"][0]["measures"] == "清理杂物，保持通道畅通"  # frozen
    again, created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid)
    assert not created and again.id == order.id
    correction, created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid,
                                 corrects=order.id)
    assert created and correction.edition == 2 and correction.supersedes_id == order.id
    assert correction.content["corrects"] == {"id": order.id, "reference": order.reference}
    assert correction.content["hazards"][0]["measures"] == "更换配电箱门锁"
    assert correction.number == order.number + 1 and get_superseding(order).id == correction.id
    auth.login("chief")
    html = client.get(f"/documents/{correction.id}").get_data(as_text=True)
    assert "本文书更正并替代区应急责改〔2026〕第001号" in _field(html, "corrects")


def test_links_run_both_ways(client, auth, park, office):
    order, _created = _issue(park, kind="rectification_order", inspection_uuid=park["inspections"]["I2"].uuid)
    auth.login("chief")
    page = client.get(f"/documents/{order.id}").get_data(as_text=True)
    assert f'/hazards/{park["hazards"]["H3"].uuid}' in page
    hazard_page = client.get(f'/hazards/{park["hazards"]["H3"].uuid}').get_data(as_text=True)
    assert f"/documents/{order.id}" in hazard_page and order.reference in hazard_page
    review = client.get(f'/review/{park["inspections"]["I2"].uuid}').get_data(as_text=True)
    assert f"/documents/{order.id}" in review
