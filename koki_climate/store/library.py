"""The scenario library: save, version, publish, audit.

A *scenario* is a name with a description and an author; its *versions* are numbered 1, 2,
… and each holds the scenario's canonical JSON and hash, and the model version and data
checksum it was saved with (a version is *stale* when either has changed since: its results
would differ). Saving content that a version of the scenario already holds returns that
version (no duplicates, also under concurrent saves); other content becomes the next
version, so a published version is never changed. Publishing stores the version's
precomputed result (summary and zone polygons as WKB) in the same transaction that sets the
flag: a process killed while publishing leaves the old state. Every publish, unpublish and
delete is written to the audit log.

All SQL goes through SQLAlchemy expressions with bound parameters. Every write first calls
:func:`~koki_climate.config.require_writable`; on the public instance the database is also
opened read-only (:mod:`koki_climate.store.database`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from koki_climate.config import is_public, require_writable
from koki_climate.errors import InputError, KokiError
from koki_climate.scenario import SCENARIO_FIELDS, Scenario
from koki_climate.store import schema as t
from koki_climate.store.database import database_exists, database_url, open_database, upgrade

MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 5_000
#: a save that loses a race for the next version number retries this often
SAVE_RETRIES = 20


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a scenario."""

    name: str
    version: int
    scenario: Scenario
    scenario_hash: str
    description: str
    author: str
    created_at: datetime
    model_version: str
    data_checksum: str
    published: bool
    published_at: datetime | None

    def is_stale(self, model_version: str, data_checksum: str) -> bool:
        """Whether the model or the data changed since this version was saved."""
        return (self.model_version, self.data_checksum) != (model_version, data_checksum)

    @property
    def ref(self) -> str:
        """``name@version``: what links and minutes carry."""
        return f"{self.name}@{self.version}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "scenario": self.scenario.to_dict(),
                "scenario_hash": self.scenario_hash, "description": self.description, "author": self.author,
                "created_at": self.created_at.isoformat(), "model_version": self.model_version,
                "data_checksum": self.data_checksum, "published": self.published,
                "published_at": self.published_at.isoformat() if self.published_at else None}


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario and its versions (oldest first)."""

    name: str
    description: str
    author: str
    created_at: datetime
    versions: list[VersionInfo] = field(default_factory=list)

    @property
    def latest(self) -> VersionInfo:
        return self.versions[-1]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "author": self.author,
                "created_at": self.created_at.isoformat(), "versions": [v.to_dict() for v in self.versions]}


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    scenario_name: str
    version: int | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "scenario": self.scenario_name, "version": self.version, "detail": self.detail}


@dataclass(frozen=True)
class PublishedResult:
    """What publishing stored: the result's key and summary, and the zones as (zone, WKB)."""

    result_key: str
    summary: dict
    crs: str
    zones: list[tuple[str, bytes]]


def differences(a: VersionInfo, b: VersionInfo) -> dict[str, tuple[Any, Any]]:
    """The scenario fields (and description) that differ from ``a`` to ``b``."""
    da, db = a.scenario.to_dict(), b.scenario.to_dict()
    out = {name: (da.get(name), db.get(name)) for name in SCENARIO_FIELDS if da.get(name) != db.get(name)}
    if a.description != b.description:
        out["description"] = (a.description, b.description)
    return out


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were written as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _text(value: str, what: str, limit: int) -> str:
    value = str(value or "")
    if len(value) > limit:
        raise InputError(f"{what} is {len(value)} characters long; at most {limit} are kept")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise InputError(f"{what} contains control characters")
    return value


class ScenarioStore:
    """The library on one database (see :mod:`koki_climate.store.database`)."""

    def __init__(self, url: str, *, read_only: bool | None = None) -> None:
        self.url = url
        self.read_only = is_public() if read_only is None else (read_only or is_public())
        self.available = self.read_only is False or database_exists(url)
        self.engine: Engine | None = None
        if self.available:
            self.engine = open_database(url, read_only=self.read_only)
            if not self.read_only:
                upgrade(self.engine)

    @classmethod
    def for_cache(cls, cache_dir: str | Path, *, read_only: bool | None = None) -> "ScenarioStore":
        """The library of a deployment: ``KOKI_DATABASE_URL`` or ``<cache>/scenarios.sqlite``."""
        return cls(database_url(cache_dir), read_only=read_only)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    # --- reading ---------------------------------------------------------------------------
    def scenarios(self, name: str | None = None) -> list[ScenarioInfo]:
        """Every scenario (or only the one called ``name``) with its versions, by name."""
        if self.engine is None:
            return []
        heads_query = select(t.scenarios).order_by(t.scenarios.c.name)
        rows_query = self._version_query().order_by(t.versions.c.version)
        if name is not None:
            heads_query = heads_query.where(t.scenarios.c.name == name)
            rows_query = rows_query.where(t.scenarios.c.name == name)
        with self.engine.connect() as conn:
            heads = conn.execute(heads_query).mappings().all()
            rows = conn.execute(rows_query).mappings().all()
        by_name: dict[str, list[VersionInfo]] = {}
        for row in rows:
            by_name.setdefault(row["name"], []).append(self._version(row))
        return [ScenarioInfo(h["name"], h["description"], h["author"], _utc(h["created_at"]), by_name.get(h["name"], []))
                for h in heads]

    def scenario(self, name: str) -> ScenarioInfo:
        found = self.scenarios(name)
        if not found:
            raise InputError(f"no saved scenario named {name!r}")
        return found[0]

    def version(self, name: str, version: int | None = None) -> VersionInfo:
        """One version (the latest when ``version`` is None)."""
        versions = self.scenario(name).versions
        if version is None:
            return versions[-1]
        for info in versions:
            if info.version == version:
                return info
        raise InputError(f"scenario {name!r} has no version {version} (versions: "
                         f"{', '.join(str(v.version) for v in versions)})")

    def published(self) -> list[VersionInfo]:
        """Every published version, newest publication first."""
        if self.engine is None:
            return []
        query = self._version_query().where(t.versions.c.published.is_(True)).order_by(
            t.versions.c.published_at.desc(), t.scenarios.c.name)
        with self.engine.connect() as conn:
            return [self._version(row) for row in conn.execute(query).mappings()]

    def published_result(self, name: str, version: int) -> PublishedResult | None:
        if self.engine is None:
            return None
        with self.engine.connect() as conn:
            version_id = self._version_id(conn, name, version)
            head = conn.execute(select(t.published_results).where(
                t.published_results.c.version_id == version_id)).mappings().first()
            if head is None:
                return None
            zones = conn.execute(select(t.published_zones.c.zone, t.published_zones.c.geometry_wkb).where(
                t.published_zones.c.version_id == version_id).order_by(t.published_zones.c.id)).all()
        return PublishedResult(head["result_key"], json.loads(head["summary_json"]), head["crs"],
                               [(z, bytes(g)) for z, g in zones])

    def published_result_keys(self) -> list[str]:
        """Engine result keys of every published version's stored result (never evicted from the cache)."""
        if self.engine is None:
            return []
        query = select(t.published_results.c.result_key).join(
            t.versions, t.versions.c.id == t.published_results.c.version_id).where(t.versions.c.published.is_(True))
        with self.engine.connect() as conn:
            return [str(k) for k in conn.execute(query).scalars()]

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        if self.engine is None:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.audit).order_by(t.audit.c.id.desc()).limit(limit)).mappings().all()
        return [AuditEntry(_utc(r["at"]), r["actor"], r["action"], r["scenario_name"], r["version"], r["detail"])
                for r in rows]

    # --- writing ---------------------------------------------------------------------------
    def save(self, name: str, scenario: Scenario, *, description: str = "", author: str = "",
             model_version: str = "", data_checksum: str = "") -> VersionInfo:
        """Save ``scenario`` under ``name``: the existing version with the same content, or a new one."""
        require_writable("save a scenario")
        name = _text(name, "the scenario name", MAX_NAME_CHARS).strip()
        if not name:
            raise InputError("a scenario needs a name")
        description = _text(description, "the description", MAX_TEXT_CHARS)
        author = _text(author, "the author", MAX_NAME_CHARS)
        for _ in range(SAVE_RETRIES):
            try:
                with self._writing() as conn:
                    scenario_id = self._scenario_id(conn, name, create=(description, author))
                    existing = conn.execute(select(t.versions.c.version).where(
                        t.versions.c.scenario_id == scenario_id,
                        t.versions.c.scenario_hash == scenario.hash)).scalar()
                    if existing is None:
                        latest = conn.execute(select(func.max(t.versions.c.version)).where(
                            t.versions.c.scenario_id == scenario_id)).scalar() or 0
                        existing = latest + 1
                        conn.execute(insert(t.versions).values(
                            scenario_id=scenario_id, version=existing, scenario_json=scenario.canonical_json(),
                            scenario_hash=scenario.hash, description=description, author=author,
                            created_at=_now(), model_version=model_version, data_checksum=data_checksum,
                            published=False, published_at=None))
                return self.version(name, existing)
            except IntegrityError:  # another writer took this number or this content first: look again
                continue
        raise KokiError(f"could not save scenario {name!r}: too many concurrent saves, try again")

    def duplicate(self, name: str, new_name: str, *, author: str = "") -> VersionInfo:
        """A new scenario ``new_name`` whose version 1 is the latest version of ``name``."""
        source = self.version(name)
        if self.scenarios(new_name):
            raise InputError(f"a scenario named {new_name!r} exists already")
        return self.save(new_name, source.scenario, description=source.description, author=author or source.author,
                         model_version=source.model_version, data_checksum=source.data_checksum)

    def delete(self, name: str, *, actor: str) -> None:
        """Delete a scenario and all its versions; refused while a version is published."""
        require_writable("delete a scenario")
        info = self.scenario(name)
        if any(v.published for v in info.versions):
            raise InputError(f"scenario {name!r} has a published version: unpublish it first "
                             "(minutes may point at it)")
        with self._writing() as conn:
            conn.execute(delete(t.scenarios).where(t.scenarios.c.name == name))
            self._audit(conn, actor, "delete", name, None, f"{len(info.versions)} version(s)")

    def publish(self, name: str, version: int, *, actor: str, result: PublishedResult | None = None) -> VersionInfo:
        """Publish a version, with its precomputed result stored in the same transaction."""
        require_writable("publish a scenario")
        with self._writing() as conn:
            version_id = self._version_id(conn, name, version)
            if result is not None:
                conn.execute(delete(t.published_zones).where(t.published_zones.c.version_id == version_id))
                conn.execute(delete(t.published_results).where(t.published_results.c.version_id == version_id))
                conn.execute(insert(t.published_results).values(
                    version_id=version_id, computed_at=_now(), result_key=result.result_key,
                    summary_json=json.dumps(result.summary, sort_keys=True, default=str), crs=result.crs))
                if result.zones:
                    conn.execute(insert(t.published_zones), [
                        {"version_id": version_id, "zone": zone, "geometry_wkb": wkb} for zone, wkb in result.zones])
            conn.execute(update(t.versions).where(t.versions.c.id == version_id).values(
                published=True, published_at=_now()))
            self._audit(conn, actor, "publish", name, version,
                        f"result {result.result_key}" if result is not None else "without precomputed result")
        return self.version(name, version)

    def unpublish(self, name: str, version: int, *, actor: str) -> VersionInfo:
        require_writable("unpublish a scenario")
        with self._writing() as conn:
            version_id = self._version_id(conn, name, version)
            conn.execute(update(t.versions).where(t.versions.c.id == version_id).values(
                published=False, published_at=None))
            self._audit(conn, actor, "unpublish", name, version, "")
        return self.version(name, version)

    # --- internals ---------------------------------------------------------------------------
    def _writing(self):
        if self.engine is None or self.read_only:
            require_writable("write to the scenario library")
            raise KokiError("the scenario library is open read-only")
        return self.engine.begin()

    def _scenario_id(self, conn, name: str, *, create: tuple[str, str] | None = None) -> int:
        query = select(t.scenarios.c.id).where(t.scenarios.c.name == name)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        found = conn.execute(query).scalar()
        if found is not None:
            return int(found)
        if create is None:
            raise InputError(f"no saved scenario named {name!r}")
        description, author = create
        return int(conn.execute(insert(t.scenarios).values(
            name=name, description=description, author=author, created_at=_now())).inserted_primary_key[0])

    def _version_id(self, conn, name: str, version: int) -> int:
        found = conn.execute(select(t.versions.c.id).join(t.scenarios).where(
            t.scenarios.c.name == name, t.versions.c.version == int(version))).scalar()
        if found is None:
            raise InputError(f"scenario {name!r} has no version {version}")
        return int(found)

    @staticmethod
    def _audit(conn, actor: str, action: str, name: str, version: int | None, detail: str) -> None:
        conn.execute(insert(t.audit).values(at=_now(), actor=_text(actor, "the actor", MAX_NAME_CHARS) or "?",
                                            action=action, scenario_name=name, version=version, detail=detail))

    @staticmethod
    def _version_query():
        return select(t.scenarios.c.name, t.versions).join(t.scenarios, t.versions.c.scenario_id == t.scenarios.c.id)

    @staticmethod
    def _version(row) -> VersionInfo:
        return VersionInfo(
            name=row["name"], version=int(row["version"]), scenario=Scenario.from_json(row["scenario_json"]),
            scenario_hash=row["scenario_hash"], description=row["description"], author=row["author"],
            created_at=_utc(row["created_at"]), model_version=row["model_version"],
            data_checksum=row["data_checksum"], published=bool(row["published"]),
            published_at=_utc(row["published_at"]))


def publish_with_result(store: ScenarioStore, engine, name: str, version: int, *, actor: str,
                        progress: Callable[[float, str], None] | None = None) -> VersionInfo:
    """Compute (or load) the version's result with ``engine``, then publish both together."""
    info = store.version(name, version)
    report = progress or (lambda fraction, message: None)
    report(0.05, "evaluating the scenario")
    result = engine.evaluate(info.scenario)
    report(0.8, "storing the published result")
    zones = result.zones
    column = "zone" if "zone" in zones.columns else zones.columns[0]
    published = PublishedResult(
        result_key=engine.result_key(info.scenario), summary=result.summary,
        crs=zones.crs.to_wkt() if zones.crs is not None else "",
        zones=[(str(z), geometry.wkb) for z, geometry in zip(zones[column], zones.geometry) if geometry is not None])
    done = store.publish(name, version, actor=actor, result=published)
    report(1.0, "published")
    return done


__all__ = ["AuditEntry", "PublishedResult", "ScenarioInfo", "ScenarioStore", "VersionInfo", "differences",
           "publish_with_result"]
