"""The hazard ledger's indexes: its order with the enterprise, and the enterprise's with the time found (deep and
scoped pages read their ids from an index alone), and the escalation flag (the "escalated" filter is the OR of
three indexed parts).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 22:05:00

"""
from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_hazards_found_order', 'hazards', ['found_at', 'id', 'enterprise_id'])
    op.create_index('ix_hazards_escalated_status', 'hazards', ['escalated', 'status'])
    op.drop_index('ix_hazards_found_at', table_name='hazards')
    op.create_index('ix_hazards_enterprise_status_found', 'hazards', ['enterprise_id', 'status', 'found_at'])
    op.drop_index('ix_hazards_enterprise_status', table_name='hazards')


def downgrade():
    op.create_index('ix_hazards_enterprise_status', 'hazards', ['enterprise_id', 'status'])
    op.drop_index('ix_hazards_enterprise_status_found', table_name='hazards')
    op.create_index('ix_hazards_found_at', 'hazards', ['found_at'])
    op.drop_index('ix_hazards_escalated_status', table_name='hazards')
    op.drop_index('ix_hazards_found_order', table_name='hazards')
