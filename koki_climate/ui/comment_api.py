"""``POST /api/comments``: the participation instance's one write, over plain HTTP.

For other platforms, scripts and load tests (the app's own form posts through the same
:func:`koki_climate.participation.posting.post`). Only a participation instance mounts it.

The request must be ``application/json`` (so a browser on another site cannot send it
without a CORS preflight, which this server never grants) and at most
:data:`MAX_BODY_BYTES`; the body is read in pieces and refused as soon as it grows larger.
Answers: 201 with the stored comment's id (also for a repeated ``submission_id``), 400 for a
malformed body, 413 too large, 415 wrong type, 422 refused by the rules, 429/503 refused by
a rate or total limit, each with ``{"reason", "message"}``. HTTP posts count against the
global and total limits (there is no session to count them by).
"""
from __future__ import annotations

import json
import logging
from typing import Any

from koki_climate.config import Mode
from koki_climate.errors import KokiError

LOG = logging.getLogger(__name__)
ROUTE = "/api/comments"
MAX_BODY_BYTES = 16_384
#: HTTP status of each refusal reason (everything else the rules refuse is 422)
LIMIT_STATUS = {"global": 429, "session": 429, "total": 503, "closed": 503}
FIELDS = {"submission_id": str, "scenario": str, "x": (int, float), "y": (int, float), "category": str,
          "text": str, "language": str, "radius_m": (int, float)}
REQUIRED = ("submission_id", "scenario", "x", "y", "category", "text")


def _refusal(status: int, reason: str, message: str):
    from starlette.responses import JSONResponse

    return JSONResponse({"reason": reason, "message": message}, status_code=status,
                        headers={"Cache-Control": "no-store"})


async def _limited_body(request: Any) -> bytes | None:
    """The body, or None as soon as it exceeds :data:`MAX_BODY_BYTES`."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def parse_posting(body: bytes):
    """A :class:`~koki_climate.participation.posting.Posting` from JSON, or ValueError naming the problem."""
    from koki_climate.participation.posting import Posting

    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the body is not UTF-8 JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    missing = [name for name in REQUIRED if name not in data]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(unknown)}")
    for name, kind in FIELDS.items():
        if name in data and (not isinstance(data[name], kind) or isinstance(data[name], bool)):
            raise ValueError(f"field {name!r} has the wrong type")
    return Posting(submission_id=data["submission_id"], scenario_ref=data["scenario"], x=float(data["x"]),
                   y=float(data["y"]), category=data["category"], text=data["text"],
                   language=data.get("language", ""), radius_m=float(data.get("radius_m", 0.0)))


def _post(posting) -> Any:
    from koki_climate.participation.posting import post
    from koki_climate.ui.library import shared_comment_store, shared_store
    from koki_climate.ui.state import shared_engine

    return post(posting, comments=shared_comment_store(), library=shared_store(), engine=shared_engine())


async def post_comment(request: Any):
    """The route's handler (see the module docstring for the answers)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse

    from koki_climate.participation.comments import CommentRefused

    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return _refusal(415, "content_type", "send the comment as application/json")
    body = await _limited_body(request)
    if body is None:
        return _refusal(413, "size", f"the request is larger than {MAX_BODY_BYTES} bytes")
    try:
        posting = parse_posting(body)
    except ValueError as exc:
        return _refusal(400, "body", str(exc))
    try:
        comment = await run_in_threadpool(_post, posting)
    except CommentRefused as exc:
        return _refusal(LIMIT_STATUS.get(exc.reason, 422), exc.reason, str(exc))
    except KokiError as exc:
        return _refusal(403, "refused", str(exc))
    except Exception:  # noqa: BLE001 - logged with traceback; the visitor learns nothing internal
        LOG.exception("posting a comment failed")
        return _refusal(500, "error", "the comment could not be stored")
    return JSONResponse({"id": comment.id, "status": comment.status, "zone": comment.zone,
                         "scenario": comment.scenario_ref}, status_code=201, headers={"Cache-Control": "no-store"})


def comment_routes(mode: Mode) -> list:
    """The API's routes for this mode: only a participation instance takes comments over HTTP."""
    if mode != "participation":
        return []
    from starlette.routing import Route

    return [Route(ROUTE, post_comment, methods=["POST"])]


__all__ = ["MAX_BODY_BYTES", "ROUTE", "comment_routes", "parse_posting", "post_comment"]
