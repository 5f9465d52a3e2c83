"""portal: server-side sessions, lead owners and own words, funnel links

- portal_sessions: a session is valid only while its record exists (logout deletes it)
- leads.owner_id (the adviser who calls), leads.work_text (the resident's own words),
  lead_events.subject (whom an assignment was about)
- conversation_starts.lead_id and final_stage: every lead is linked to its conversation's row,
  so each funnel step counts a subset of the step before; existing leads are linked here

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.timeutil

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "portal_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("created_at", api.core.timeutil.UTCDateTime(), nullable=False),
        sa.Column("expires_at", api.core.timeutil.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adviser_id"], ["advisers.id"], name=op.f("fk_portal_sessions_adviser_id_advisers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_portal_sessions")),
    )
    with op.batch_alter_table("portal_sessions") as batch_op:
        batch_op.create_index(batch_op.f("ix_portal_sessions_adviser_id"), ["adviser_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_portal_sessions_expires_at"), ["expires_at"], unique=False)

    with op.batch_alter_table("leads") as batch_op:
        batch_op.add_column(sa.Column("work_text", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_leads_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_leads_owner_id_advisers"), "advisers", ["owner_id"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("lead_events") as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=40), nullable=True))

    with op.batch_alter_table("conversation_starts") as batch_op:
        batch_op.add_column(sa.Column("lead_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("final_stage", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_conversation_starts_lead_id"), ["lead_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_conversation_starts_lead_id_leads"), "leads", ["lead_id"], ["id"], ondelete="SET NULL"
        )

    _link_existing_leads()


def _link_existing_leads() -> None:
    """Each existing lead gets its conversation's row: found by the keyed hash of its id, or made
    (with the lead's channel, language, UTM and time) when the conversation was never counted."""
    from api.core.security import pseudonymise

    bind = op.get_bind()
    starts = sa.table(
        "conversation_starts",
        sa.column("id", sa.Integer),
        sa.column("conversation_hash", sa.String),
        sa.column("channel", sa.String),
        sa.column("language", sa.String),
        sa.column("utm_source", sa.String),
        sa.column("utm_medium", sa.String),
        sa.column("utm_campaign", sa.String),
        sa.column("utm_content", sa.String),
        sa.column("utm_term", sa.String),
        sa.column("lead_id", sa.Integer),
        sa.column("created_at", api.core.timeutil.UTCDateTime()),
    )
    utm = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
    leads_table = sa.table(
        "leads",
        sa.column("id", sa.Integer),
        sa.column("conversation_id", sa.String),
        sa.column("channel", sa.String),
        sa.column("language", sa.String),
        sa.column("created_at", api.core.timeutil.UTCDateTime()),
        *(sa.column(k, sa.String) for k in utm),
    )
    leads = bind.execute(sa.select(leads_table)).mappings()
    for lead in list(leads):
        digest = pseudonymise(lead["conversation_id"])
        found = bind.execute(sa.select(starts).where(starts.c.conversation_hash == digest)).mappings().first()
        if found is None:
            bind.execute(
                starts.insert().values(
                    conversation_hash=digest,
                    channel=lead["channel"],
                    language=lead["language"],
                    lead_id=lead["id"],
                    created_at=lead["created_at"],
                    **{k: lead[k] for k in utm},
                )
            )
            continue
        values = {"lead_id": lead["id"]}
        if all(found[k] is None for k in utm):
            values.update({k: lead[k] for k in utm})
        bind.execute(starts.update().where(starts.c.id == found["id"]).values(**values))


def downgrade() -> None:
    with op.batch_alter_table("conversation_starts") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_conversation_starts_lead_id_leads"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_conversation_starts_lead_id"), type_="unique")
        batch_op.drop_column("final_stage")
        batch_op.drop_column("lead_id")
    with op.batch_alter_table("lead_events") as batch_op:
        batch_op.drop_column("subject")
    with op.batch_alter_table("leads") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_leads_owner_id_advisers"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_leads_owner_id"))
        batch_op.drop_column("owner_id")
        batch_op.drop_column("work_text")
    with op.batch_alter_table("portal_sessions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_portal_sessions_expires_at"))
        batch_op.drop_index(batch_op.f("ix_portal_sessions_adviser_id"))
    op.drop_table("portal_sessions")
