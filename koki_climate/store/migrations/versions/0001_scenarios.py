"""Scenarios and their versions.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("scenario_json", sa.Text, nullable=False),
        sa.Column("scenario_hash", sa.String(64), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model_version", sa.String(200), nullable=False),
        sa.Column("data_checksum", sa.String(128), nullable=False),
        sa.Column("published", sa.Boolean, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("scenario_id", "version", name="uq_version_number"),
        sa.UniqueConstraint("scenario_id", "scenario_hash", name="uq_version_content"),
    )


def downgrade() -> None:
    op.drop_table("scenario_versions")
    op.drop_table("scenarios")
