"""failure counts shared by the API processes (login back-off and short-link misses without Redis)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "failure_counts",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_failure_counts")),
    )
    op.create_index(op.f("ix_failure_counts_expires_at"), "failure_counts", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_failure_counts_expires_at"), table_name="failure_counts")
    op.drop_table("failure_counts")
