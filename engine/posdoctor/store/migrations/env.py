"""Alembic environment: runs on the connection posdoctor.store.db.upgrade() passes in."""

from __future__ import annotations

from alembic import context

from posdoctor.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
