"""Tables of the scenario library (SQLAlchemy Core), as the newest migration leaves them.

The migrations in ``migrations/versions`` create these tables step by step; this module is
what the code queries. Times are UTC; scenario JSON is the canonical JSON of
:class:`~koki_climate.scenario.Scenario`; zone geometries are WKB in the region's CRS.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, DateTime, Float, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text,
    UniqueConstraint,
)

metadata = MetaData()

scenarios = Table(
    "scenarios", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    Column("author", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

versions = Table(
    "scenario_versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", Integer, ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("scenario_json", Text, nullable=False),
    Column("scenario_hash", String(64), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("author", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("model_version", String(200), nullable=False, default=""),
    Column("data_checksum", String(128), nullable=False, default=""),
    Column("published", Boolean, nullable=False, default=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("scenario_id", "version", name="uq_version_number"),
    UniqueConstraint("scenario_id", "scenario_hash", name="uq_version_content"),
)

# --- revision 0002 ---------------------------------------------------------------------------
audit = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("scenario_name", String(200), nullable=False),
    Column("version", Integer, nullable=True),
    Column("detail", Text, nullable=False, default=""),
)

published_results = Table(
    "published_results", metadata,
    Column("version_id", Integer, ForeignKey("scenario_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("result_key", String(200), nullable=False),
    Column("summary_json", Text, nullable=False),
    Column("crs", Text, nullable=False, default=""),
)

published_zones = Table(
    "published_zones", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("scenario_versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("zone", String(40), nullable=False),
    Column("geometry_wkb", LargeBinary, nullable=False),
)

# --- revision 0003: participation (append-only) -------------------------------------------------
comments = Table(
    "comments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("scenario_name", String(200), nullable=False),
    Column("scenario_version", Integer, nullable=False),
    Column("scenario_hash", String(64), nullable=False),
    Column("x", Float, nullable=False),
    Column("y", Float, nullable=False),
    Column("radius_m", Float, nullable=False),
    Column("crs", Text, nullable=False),
    Column("category", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("zone", String(40), nullable=True),
)

comment_reviews = Table(
    "comment_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment_id", Integer, ForeignKey("comments.id"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("status", String(20), nullable=False),
)

observed_floods = Table(
    "observed_floods", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment_id", Integer, ForeignKey("comments.id"), nullable=False, unique=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("x", Float, nullable=False),
    Column("y", Float, nullable=False),
    Column("crs", Text, nullable=False),
)

__all__ = ["audit", "comment_reviews", "comments", "metadata", "observed_floods", "published_results",
           "published_zones", "scenarios", "versions"]
