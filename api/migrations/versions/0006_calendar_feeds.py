"""advisers' calendar feeds: one secret subscription URL per adviser, stored as a hash

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.timeutil

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", api.core.timeutil.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adviser_id"], ["advisers.id"], name=op.f("fk_calendar_feeds_adviser_id_advisers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("adviser_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
