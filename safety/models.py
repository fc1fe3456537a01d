"""Every model, imported in one place so migrations and the shell see the whole schema."""
from safety.audit.models import AuditEntry  # noqa: F401
from safety.campaigns.models import Campaign, CampaignOutcome, CampaignTemplate, Draw, Task, TaskMember  # noqa: F401
from safety.checklists.models import ChecklistTemplate, TemplateItem, TemplateSection, TemplateVersion  # noqa: F401
from safety.common.numbering import NumberSequence  # noqa: F401
from safety.common.revisions import SyncCounter  # noqa: F401
from safety.documents.blocks import NumberBlock, ReservedNumber  # noqa: F401
from safety.documents.models import Document  # noqa: F401
from safety.enterprises.models import Enterprise  # noqa: F401
from safety.evidence.models import EvidenceDigest  # noqa: F401
from safety.hazards.models import Hazard, HazardEvent  # noqa: F401
from safety.inspections.models import Answer, Inspection, InspectionTeamMember  # noqa: F401
from safety.measures.models import Measure, Referral  # noqa: F401
from safety.office.models import OfficeSettings  # noqa: F401
from safety.photos.models import Photo  # noqa: F401
from safety.reports.rollup import DailyFigures  # noqa: F401
from safety.referrals.models import RoutedReferral, referral_hazards  # noqa: F401
from safety.units.models import Department, EnterpriseMove, Unit  # noqa: F401
from safety.users.models import Grid, User, user_grids  # noqa: F401
