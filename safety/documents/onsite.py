"""The on-site measure (现场处理措施) an inspector orders for a hazard from the phone's hazard sheet.

A hazard too serious to wait: the inspector orders on the spot to stop using the equipment, stop work in an
area or withdraw people from it. The phone sends it with the hazard in the inspection document
(``hazards[n].onsite_measure``: ``{"measure", "place", "legal_basis"}``, additive to the contract); it is kept
on the hazard (``Hazard.onsite_measure``) and makes the 现场处理措施决定书 (documents of type
``onsite_measures``) the phone issues at the end of the inspection.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.common.errors import DomainError
from safety.common.words import labeller
from safety.inspections.fields import read_choice, read_object, read_text

STOP_EQUIPMENT = "stop_equipment"  # 停止使用相关设施、设备
STOP_WORK = "stop_work"  # 停止作业（局部停产）
WITHDRAW_PEOPLE = "withdraw_people"  # 从危险区域内撤出作业人员
MEASURES = (STOP_EQUIPMENT, STOP_WORK, WITHDRAW_PEOPLE)
MEASURE_LABELS = {
    STOP_EQUIPMENT: _l("Stop using the equipment"),
    STOP_WORK: _l("Stop work in the area"),
    WITHDRAW_PEOPLE: _l("Withdraw people from the danger area"),
}
VOCABULARIES = {"onsite_measure": MEASURE_LABELS}
measure_label = labeller(MEASURE_LABELS)

PLACE_TEXT = 200
BASIS_TEXT = 1_000


def read_onsite_measure(entry: dict, prefix: str) -> dict | None:
    """``entry``'s ``onsite_measure`` as stored: the measure, where, and the article that allows it; None when
    no measure was ordered. A 400 naming the field when one of the three is missing or wrong."""
    measure = read_object(entry, "onsite_measure", prefix)
    if measure is None:
        return None
    field = f"{prefix}.onsite_measure"
    chosen = read_choice(measure, "measure", MEASURES, field)
    place = read_text(measure, "place", field, required=True, limit=PLACE_TEXT)
    basis = read_text(measure, "legal_basis", field, required=True, limit=BASIS_TEXT)
    unknown = set(measure) - {"measure", "place", "legal_basis"}
    if unknown:
        raise DomainError("unknown_field", _("%(field)s has no field %(name)s.", field=field,
                                             name=sorted(unknown)[0]), field=field)
    return {"measure": chosen, "place": place, "legal_basis": basis}


