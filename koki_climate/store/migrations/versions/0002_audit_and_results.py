"""Audit log, and the precomputed results of published versions (zones as WKB).

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("scenario_name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_table(
        "published_results",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("scenario_versions.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result_key", sa.String(200), nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("crs", sa.Text, nullable=False),
    )
    op.create_table(
        "published_zones",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("scenario_versions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("zone", sa.String(40), nullable=False),
        sa.Column("geometry_wkb", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("published_zones")
    op.drop_table("published_results")
    op.drop_table("audit_log")
