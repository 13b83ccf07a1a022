"""Indexes for the remaining filters: tasks by module, assessments by cycle state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_tasks_assignee_module", "tasks", ["assignee_id", "module"])
    op.create_index(
        "ix_review_cycles_company_status", "review_cycles", ["company_id", "status"]
    )


def downgrade() -> None:
    op.drop_index("ix_review_cycles_company_status", table_name="review_cycles")
    op.drop_index("ix_tasks_assignee_module", table_name="tasks")
