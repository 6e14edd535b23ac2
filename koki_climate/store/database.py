"""Where the scenario library lives, and how a connection to it is opened.

Default: one SQLite file ``<cache>/scenarios.sqlite`` in WAL mode (readers never wait for a
writer), created and migrated on first use. ``KOKI_DATABASE_URL`` names another database,
e.g. ``postgresql+psycopg://koki:secret@db.example:5432/koki``. Schema changes are Alembic
migrations (``migrations/versions``), applied by :func:`upgrade` whenever a writable store
opens, so an upgraded app opens an older database.

Read-only at the bottom on the public instance: SQLite is opened with ``mode=ro`` (the
file itself cannot be changed through this connection) and PostgreSQL sessions default to
read-only transactions; no migration is run.

A participation instance opens one more connection that may insert into ``comments`` and
nothing else: on SQLite an authorizer installed on the connection refuses every other write
when the statement is prepared; on PostgreSQL give that instance a role with only that grant
(README: "Participation").

Writers on SQLite take the write lock at ``BEGIN IMMEDIATE``, so two writers never both
read "latest version = 3" and race; PostgreSQL writers lock the scenario's row instead.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_FILE = "scenarios.sqlite"
#: how long a SQLite writer waits for another one (ms) before giving up
BUSY_TIMEOUT_MS = 30_000


def database_url(cache_dir: str | Path) -> str:
    """``KOKI_DATABASE_URL``, or the SQLite file in the cache folder."""
    configured = os.environ.get("KOKI_DATABASE_URL", "").strip()
    if configured:
        return configured
    return f"sqlite:///{Path(cache_dir).resolve() / SQLITE_FILE}"


def describe_url(url: str) -> str:
    """The URL without its password, for messages and the UI."""
    return make_url(url).render_as_string(hide_password=True)


def open_database(url: str, *, read_only: bool, insert_only: tuple[str, ...] = ()) -> Engine:
    """An engine on ``url``; read-only ones cannot write whatever the caller does.

    ``insert_only`` names tables that a read-only engine may still insert rows into (and do
    nothing else with); enforced by SQLite itself, and by the role's grants on a server.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(parsed, read_only, insert_only)
    if insert_only:
        return create_engine(parsed, pool_pre_ping=True, future=True)
    engine = create_engine(parsed, pool_pre_ping=True, future=True)
    if read_only:
        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record) -> None:  # noqa: ANN001
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
    return engine


def insert_only_authorizer(tables: tuple[str, ...]):
    """A sqlite3 authorizer: reads anywhere, inserts into ``tables``, every other write refused."""
    import sqlite3

    allowed_always = {sqlite3.SQLITE_READ, sqlite3.SQLITE_SELECT, sqlite3.SQLITE_TRANSACTION,
                      sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_SAVEPOINT, sqlite3.SQLITE_RECURSIVE}
    settable_pragmas = {"busy_timeout", "foreign_keys", "synchronous"}

    def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
        if action in allowed_always:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_INSERT and arg1 in tables:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg2 is None or (arg1 or "").lower() in settable_pragmas):
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    return authorize


def _sqlite(parsed, read_only: bool, insert_only: tuple[str, ...] = ()) -> Engine:
    path = Path(parsed.database or "")
    if insert_only:
        if not path.exists():
            from koki_climate.errors import InputError

            raise InputError(f"{path}: the scenario library does not exist yet; open it once on the planner instance")
        engine = create_engine(parsed, future=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _insert_only(dbapi_connection, _record) -> None:  # noqa: ANN001
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged comment survives a power cut too
            cursor.close()
            dbapi_connection.set_authorizer(insert_only_authorizer(insert_only))

        @event.listens_for(engine, "begin")
        def _begin_writer(connection) -> None:  # noqa: ANN001
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if read_only:
        # mode=ro: SQLite itself refuses every write on this connection
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", future=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, future=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # transactions are begun below, explicitly
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision`` (the newest by default)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def schema_revision(engine: Engine) -> str | None:
    """The database's Alembic revision (None: not created yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def database_exists(url: str) -> bool:
    """False only for a SQLite file that is not there yet (a server database is assumed to exist)."""
    parsed = make_url(url)
    return parsed.get_backend_name() != "sqlite" or Path(parsed.database or "").exists()


__all__ = ["database_exists", "database_url", "describe_url", "insert_only_authorizer", "open_database",
           "schema_revision", "upgrade"]
