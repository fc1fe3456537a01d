"""The hazards' (status, deadline) index also holds the time found, the enterprise, the escalation flag and the
failed re-checks, so that a report's correction for the day (the open hazards whose deadline is near or ahead)
reads the index alone; it replaces ``ix_hazards_status_deadline``, whose uses its first two columns serve.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05 02:15:00

"""
from alembic import op


revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_hazards_status_deadline_found', 'hazards',
                    ['status', 'deadline', 'found_at', 'enterprise_id', 'escalated', 'failed_recheck_count'])
    op.drop_index('ix_hazards_status_deadline', table_name='hazards')


def downgrade():
    op.create_index('ix_hazards_status_deadline', 'hazards', ['status', 'deadline'])
    op.drop_index('ix_hazards_status_deadline_found', table_name='hazards')
