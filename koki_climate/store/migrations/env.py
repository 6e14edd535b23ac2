"""Alembic environment: run on the connection the store hands over (no alembic.ini, no URL here)."""
from __future__ import annotations

from alembic import context

from koki_climate.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
