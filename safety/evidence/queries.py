"""What a hazard's page shows of its evidence: the check made as it opens, and the day that sealed it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from safety.common.types import utcnow
from safety.evidence.models import EvidenceDigest
from safety.evidence.verify import Break, verify_hazard
from safety.extensions import db
from safety.hazards.models import Hazard

# How many of an enterprise's latest sealed days are searched for the one that last sealed a hazard.
RECENT_DAYS = 60


@dataclass(frozen=True)
class HazardIntegrity:
    """The hazard's chain and photos checked at ``verified_at``; the latest daily digest holding it, if any."""

    breaks: list[Break]
    verified_at: datetime
    digest: EvidenceDigest | None

    @property
    def intact(self) -> bool:
        return not self.breaks

    @property
    def damaged_photos(self) -> set[str]:
        """The UUIDs of the photos whose original is missing or changed: no copy of them is served."""
        return {found.where.removeprefix("photo ") for found in self.breaks
                if found.kind in ("photo_missing", "photo_changed")}


def get_hazard_integrity(hazard: Hazard) -> HazardIntegrity:
    """Check the hazard's event chain and its photos' originals now, and find its latest sealed day."""
    breaks = verify_hazard(hazard)
    recent = db.session.scalars(select(EvidenceDigest).where(EvidenceDigest.enterprise_id == hazard.enterprise_id)
                                .order_by(EvidenceDigest.day.desc()).limit(RECENT_DAYS))
    digest = next((found for found in recent if hazard.uuid in found.leaves.get("hazards", {})), None)
    return HazardIntegrity(breaks, utcnow(), digest)
