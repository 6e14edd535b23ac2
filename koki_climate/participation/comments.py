"""Citizens' comments on published scenario versions: the participation instance's one write.

A comment is a point (with a small radius) on the map of a *published* version, a category,
a free text and the zone class at that point when it was posted. It is stored append-only
in the scenario library's database (table ``comments``, migration 0003); moderation adds rows
to ``comment_reviews`` (the newest one decides), a planner's confirmation that water really
stood there adds a row to ``observed_floods``. Nothing here ever updates or deletes a row.

What the store keeps out: IP addresses, names, contact data, session ids. The per-session
rate limit is counted in this process's memory only; the global rate and the total count
are counted in the database inside the inserting transaction, so every process and thread
sees the same limits. Text is stored exactly as written (HTML, Markdown, control
characters, bidi overrides are data, made inert when shown); only NUL is refused, because
PostgreSQL cannot store it.

Posting twice with the same ``submission_id`` (a double click, a retried request) stores
the comment once and returns it both times.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from koki_climate.config import current_mode, env_positive_int, require_writable
from koki_climate.errors import InputError, KokiError, ReadOnlyError
from koki_climate.store import schema as t
from koki_climate.store.database import database_exists, database_url, open_database, upgrade

#: the categories a citizen chooses from (display words live in the UI texts)
CATEGORIES: tuple[str, ...] = ("water_seen", "objection", "hint", "question")
#: residents' reports of water the model can be checked against
WATER_SEEN = "water_seen"
#: moderation states; a comment without review is "pending" and not shown publicly
Status = Literal["pending", "approved", "hidden"]
REVIEW_STATUSES: tuple[str, ...] = ("approved", "hidden")
#: largest radius of the "small area" a comment may cover (m)
MAX_RADIUS_M = 250.0
#: modes in which citizens (participation) or planners trying the form may post
POSTING_MODES = ("participation", "planner")
MAX_SUBMISSION_ID = 64
MAX_LANGUAGE = 8


class CommentRefused(KokiError):
    """A comment the limits or the rules refuse; ``reason`` names which (for the UI's words)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class CommentLimits:
    """How much one session, everybody together and the whole process may post."""

    max_chars: int = 2000
    per_session: int = 5
    session_window_s: float = 3600.0
    global_per_minute: int = 60
    total: int = 20_000

    @classmethod
    def from_env(cls) -> "CommentLimits":
        """``KOKI_COMMENT_MAX_CHARS``, ``KOKI_COMMENTS_PER_SESSION`` (per hour), ``KOKI_COMMENTS_PER_MINUTE``
        (everybody), ``KOKI_COMMENTS_TOTAL``."""
        return cls(max_chars=env_positive_int("KOKI_COMMENT_MAX_CHARS", cls.max_chars, "characters"),
                   per_session=env_positive_int("KOKI_COMMENTS_PER_SESSION", cls.per_session, "comments"),
                   global_per_minute=env_positive_int("KOKI_COMMENTS_PER_MINUTE", cls.global_per_minute, "comments"),
                   total=env_positive_int("KOKI_COMMENTS_TOTAL", cls.total, "comments"))


@dataclass(frozen=True)
class NewComment:
    """What a citizen sends (the point in the region's CRS; ``zone`` as the app found it there)."""

    submission_id: str
    scenario_name: str
    scenario_version: int
    x: float
    y: float
    category: str
    text: str
    crs: str
    radius_m: float = 0.0
    language: str = ""
    zone: str | None = None


@dataclass(frozen=True)
class Comment:
    """A stored comment with its moderation state."""

    id: int
    submission_id: str
    created_at: datetime
    scenario_name: str
    scenario_version: int
    scenario_hash: str
    x: float
    y: float
    radius_m: float
    crs: str
    category: str
    text: str
    language: str
    zone: str | None
    status: Status = "pending"
    reviewed_at: datetime | None = None
    observed: bool = False

    @property
    def scenario_ref(self) -> str:
        return f"{self.scenario_name}@{self.scenario_version}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at.isoformat(), "scenario": self.scenario_ref,
                "scenario_hash": self.scenario_hash, "x": self.x, "y": self.y, "radius_m": self.radius_m,
                "crs": self.crs, "category": self.category, "text": self.text, "language": self.language,
                "zone": self.zone, "status": self.status, "observed_flood": self.observed}


class SessionLimiter:
    """Comments per session in a sliding window, counted in memory (no session id is stored)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._times: dict[str, deque[float]] = {}

    def check_and_count(self, session_key: str | None, limit: int, window_s: float) -> None:
        if not session_key:
            return
        now = time.monotonic()
        with self._lock:
            times = self._times.setdefault(session_key, deque())
            while times and now - times[0] > window_s:
                times.popleft()
            if len(times) >= limit:
                raise CommentRefused("session", f"this session has posted {len(times)} comments in the last "
                                                f"{window_s / 60:.0f} minutes; at most {limit} are accepted")
            times.append(now)

    def give_back(self, session_key: str | None) -> None:
        """Undo the last count (the comment was refused later, or was a repeat)."""
        if not session_key:
            return
        with self._lock:
            times = self._times.get(session_key)
            if times:
                times.pop()


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def checked(new: NewComment, limits: CommentLimits) -> NewComment:
    """The comment if its fields are acceptable; :class:`CommentRefused` with a plain reason otherwise."""
    if new.category not in CATEGORIES:
        raise CommentRefused("category", f"unknown category {new.category!r} (one of {', '.join(CATEGORIES)})")
    if not isinstance(new.text, str) or not new.text.strip():
        raise CommentRefused("empty", "the comment text is empty")
    if "\x00" in new.text:
        raise CommentRefused("nul", "the comment text contains a NUL character, which cannot be stored")
    if len(new.text) > limits.max_chars:
        raise CommentRefused("text", f"the comment text has {len(new.text)} characters; at most "
                                     f"{limits.max_chars} are accepted")
    if not (math.isfinite(new.x) and math.isfinite(new.y)):
        raise CommentRefused("point", "the comment has no valid point")
    if not (0.0 <= new.radius_m <= MAX_RADIUS_M):
        raise CommentRefused("point", f"the comment's area has a radius of {new.radius_m} m; at most "
                                      f"{MAX_RADIUS_M:.0f} m are accepted")
    if not new.submission_id or len(new.submission_id) > MAX_SUBMISSION_ID or not new.submission_id.isprintable():
        raise CommentRefused("submission", "the comment has no valid submission id")
    if len(new.language) > MAX_LANGUAGE:
        raise CommentRefused("language", "the language code is too long")
    return new


class CommentStore:
    """Comments in the scenario library's database, opened as this deployment's mode allows.

    - ``planner``: read, post, review and confirm (the database is migrated on open);
    - ``participation``: read, and insert comments (nothing else, enforced by the database);
    - ``council``/``public``: read only.
    """

    def __init__(self, url: str, *, mode: str | None = None, limits: CommentLimits | None = None) -> None:
        self.url = url
        self.mode = mode or current_mode()
        self.limits = limits or CommentLimits.from_env()
        self.sessions = SessionLimiter()
        #: the engine that writes (None where this mode writes nothing) and the one that reads
        self.engine: Engine | None = None
        self.reader: Engine | None = None
        self._table_seen = False
        if self.mode == "planner":
            self.engine = self.reader = open_database(url, read_only=False)
            upgrade(self.engine)
        elif database_exists(url):
            self.reader = open_database(url, read_only=True)
            if self.mode == "participation":
                self.engine = open_database(url, read_only=True, insert_only=(t.comments.name,))

    @classmethod
    def for_cache(cls, cache_dir: str | Path, **kwargs: Any) -> "CommentStore":
        """The comments of a deployment (``KOKI_DATABASE_URL`` or ``<cache>/scenarios.sqlite``)."""
        return cls(database_url(cache_dir), **kwargs)

    def close(self) -> None:
        for engine in {id(e): e for e in (self.engine, self.reader) if e is not None}.values():
            engine.dispose()

    @property
    def open_for_comments(self) -> bool:
        """Whether this instance accepts comments (mode and database)."""
        return self.mode in POSTING_MODES and self.engine is not None and self._has_table()

    def _has_table(self) -> bool:
        """Whether the database has the comments table (an older library is migrated by the planner)."""
        if not self._table_seen and self.reader is not None:
            from sqlalchemy import inspect

            with self.reader.connect() as conn:
                self._table_seen = inspect(conn).has_table(t.comments.name)
        return self._table_seen

    # --- posting ---------------------------------------------------------------------------
    def post(self, new: NewComment, *, session_key: str | None = None) -> Comment:
        """Store ``new`` once (a repeated ``submission_id`` returns the stored comment).

        Refuses with :class:`CommentRefused` (a plain reason) when the mode does not take
        comments, a limit is reached, the version is not published or a field is invalid.
        Returns only after the row is committed: an acknowledged comment survives a killed
        process.
        """
        if self.mode not in POSTING_MODES:
            raise ReadOnlyError(f"comments are not accepted on the {self.mode} instance")
        if self.engine is None or not self._has_table():
            raise CommentRefused("closed", "the scenario library has no comments table yet: open it once on the "
                                           "planner instance (it migrates the database)")
        new = checked(new, self.limits)
        existing = self._by_submission(new.submission_id)
        if existing is not None:
            return existing
        self.sessions.check_and_count(session_key, self.limits.per_session, self.limits.session_window_s)
        try:
            return self._insert(new)
        except IntegrityError:  # the same submission won a race against itself (double click)
            self.sessions.give_back(session_key)
            existing = self._by_submission(new.submission_id)
            if existing is None:
                raise
            return existing
        except Exception:
            self.sessions.give_back(session_key)
            raise

    def _insert(self, new: NewComment) -> Comment:
        now = datetime.now(timezone.utc)
        with self.engine.begin() as conn:  # type: ignore[union-attr]
            if conn.dialect.name == "postgresql":  # one writer at a time counts the limits
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242014)")
            version = conn.execute(
                select(t.versions.c.scenario_hash).join(t.scenarios, t.scenarios.c.id == t.versions.c.scenario_id)
                .where(t.scenarios.c.name == new.scenario_name, t.versions.c.version == new.scenario_version,
                       t.versions.c.published.is_(True))).first()
            if version is None:
                raise CommentRefused("version", f"{new.scenario_name}@{new.scenario_version} is not a published "
                                                "scenario version")
            total = conn.execute(select(func.count()).select_from(t.comments)).scalar_one()
            if total >= self.limits.total:
                raise CommentRefused("total", f"the participation has reached its limit of {self.limits.total} "
                                              "comments")
            recent = conn.execute(select(func.count()).select_from(t.comments).where(
                t.comments.c.created_at > now - timedelta(minutes=1))).scalar_one()
            if recent >= self.limits.global_per_minute:
                raise CommentRefused("global", f"{recent} comments arrived in the last minute; at most "
                                               f"{self.limits.global_per_minute} are accepted, please try again soon")
            row = {"submission_id": new.submission_id, "created_at": now, "scenario_name": new.scenario_name,
                   "scenario_version": new.scenario_version, "scenario_hash": version[0], "x": float(new.x),
                   "y": float(new.y), "radius_m": float(new.radius_m), "crs": new.crs, "category": new.category,
                   "text": new.text, "language": new.language, "zone": new.zone}
            comment_id = conn.execute(insert(t.comments).values(**row)).inserted_primary_key[0]
        return Comment(id=int(comment_id), **row)

    # --- reading ---------------------------------------------------------------------------
    def _query(self):
        latest = (select(t.comment_reviews.c.comment_id, func.max(t.comment_reviews.c.id).label("review_id"))
                  .group_by(t.comment_reviews.c.comment_id).subquery())
        return (select(t.comments, t.comment_reviews.c.status, t.comment_reviews.c.at.label("reviewed_at"),
                       t.observed_floods.c.id.label("observed_id"))
                .outerjoin(latest, latest.c.comment_id == t.comments.c.id)
                .outerjoin(t.comment_reviews, t.comment_reviews.c.id == latest.c.review_id)
                .outerjoin(t.observed_floods, t.observed_floods.c.comment_id == t.comments.c.id))

    @staticmethod
    def _comment(row: Any) -> Comment:
        return Comment(id=row["id"], submission_id=row["submission_id"], created_at=_utc(row["created_at"]),
                       scenario_name=row["scenario_name"], scenario_version=row["scenario_version"],
                       scenario_hash=row["scenario_hash"], x=row["x"], y=row["y"], radius_m=row["radius_m"],
                       crs=row["crs"], category=row["category"], text=row["text"], language=row["language"],
                       zone=row["zone"], status=row["status"] or "pending", reviewed_at=_utc(row["reviewed_at"]),
                       observed=row["observed_id"] is not None)

    def _by_submission(self, submission_id: str) -> Comment | None:
        with self.reader.connect() as conn:  # type: ignore[union-attr]
            row = conn.execute(self._query().where(t.comments.c.submission_id == submission_id)).mappings().first()
        return None if row is None else self._comment(row)

    def comments(self, *, status: str | None = None, scenario_name: str | None = None,
                 scenario_version: int | None = None, category: str | None = None) -> list[Comment]:
        """Comments (oldest first), optionally only those of one state, version or category."""
        if not self._has_table():
            return []
        query = self._query().order_by(t.comments.c.id)
        if scenario_name is not None:
            query = query.where(t.comments.c.scenario_name == scenario_name)
        if scenario_version is not None:
            query = query.where(t.comments.c.scenario_version == scenario_version)
        if category is not None:
            query = query.where(t.comments.c.category == category)
        with self.reader.connect() as conn:  # type: ignore[union-attr]
            found = [self._comment(row) for row in conn.execute(query).mappings()]
        return [c for c in found if status is None or c.status == status]

    def approved(self, scenario_name: str | None = None, scenario_version: int | None = None) -> list[Comment]:
        """What the public may see."""
        return self.comments(status="approved", scenario_name=scenario_name, scenario_version=scenario_version)

    # --- moderation (planner) -------------------------------------------------------------
    def _require_planner(self, action: str) -> None:
        require_writable(action)
        if self.mode != "planner" or self.engine is None:
            raise ReadOnlyError(f"'{action}' is only available on the planner instance")

    def review(self, comment_id: int, status: str, actor: str) -> None:
        """Approve (shown to the public) or hide a comment; the newest review counts."""
        self._require_planner("review a comment")
        if status not in REVIEW_STATUSES:
            raise InputError(f"unknown review state {status!r} (one of {', '.join(REVIEW_STATUSES)})")
        with self.engine.begin() as conn:  # type: ignore[union-attr]
            if conn.execute(select(t.comments.c.id).where(t.comments.c.id == comment_id)).first() is None:
                raise InputError(f"there is no comment {comment_id}")
            conn.execute(insert(t.comment_reviews).values(comment_id=comment_id, at=datetime.now(timezone.utc),
                                                          actor=str(actor)[:200], status=status))

    def confirm_observed(self, comment_id: int, actor: str) -> bool:
        """Record a "water stood here" comment as an observed flood point; False if it already is one."""
        self._require_planner("confirm an observed flood")
        with self.engine.begin() as conn:  # type: ignore[union-attr]
            row = conn.execute(select(t.comments).where(t.comments.c.id == comment_id)).mappings().first()
            if row is None:
                raise InputError(f"there is no comment {comment_id}")
            if row["category"] != WATER_SEEN:
                raise InputError(f"comment {comment_id} is not a report of water ({row['category']})")
            try:
                with conn.begin_nested():
                    conn.execute(insert(t.observed_floods).values(
                        comment_id=comment_id, at=datetime.now(timezone.utc), actor=str(actor)[:200],
                        x=row["x"], y=row["y"], crs=row["crs"]))
            except IntegrityError:
                return False
        return True

    def observed_floods(self) -> list[dict[str, Any]]:
        """Confirmed observed flood points (for the next training and the model check)."""
        if not self._has_table():
            return []
        with self.reader.connect() as conn:  # type: ignore[union-attr]
            rows = conn.execute(select(t.observed_floods).order_by(t.observed_floods.c.id)).mappings().all()
        return [{**row, "at": _utc(row["at"])} for row in rows]


__all__ = ["CATEGORIES", "Comment", "CommentLimits", "CommentRefused", "CommentStore", "NewComment",
           "REVIEW_STATUSES", "WATER_SEEN", "checked"]
