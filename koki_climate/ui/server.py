"""The served app: Streamlit's own ASGI server (``st.App``) with KoKI's security policy.

Why in the server and not (only) in a reverse proxy: the public instance must hold when it
runs without one, or behind one someone else configured. Every rule below is enforced by
the process that serves the app, whatever flags it was started with:

- :func:`forced_config` pins the Streamlit options an operator's flag or config file must
  not weaken (error details, XSRF, CORS, upload size, developer features);
- :class:`RefusePaths` answers 403 on the upload endpoint (modes without an uploader) and on
  the metrics endpoint (unless ``KOKI_EXPOSE_METRICS=1`` outside public mode), before any
  Streamlit route reads a byte of the request;
- :class:`BackMsgAllowList` lets a public visitor's websocket run pages, nothing more (no
  cache clearing, no git details, no developer switches);
- :class:`SecurityHeaders` puts a Content-Security-Policy and its companions on every HTTP
  response, so the browser itself refuses to talk to any other origin;
- :func:`show_plain_error` replaces an uncaught exception on the public instance by one
  plain sentence in the page's language (the traceback goes to the server log only).
"""
from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from koki_climate.config import PUBLIC_MODES, Mode, Settings, env_flag
from koki_climate.ui.i18n import DEFAULT_LANGUAGE, PLAIN_LANGUAGES, t

APP = Path(__file__).resolve().parents[2] / "app.py"
LOG = logging.getLogger(__name__)

#: modes whose pages offer a file uploader (the Daten page): everywhere else the endpoint is closed
UPLOAD_MODES: tuple[Mode, ...] = ("planner",)
EXPOSE_METRICS_ENV = "KOKI_EXPOSE_METRICS"


# --- configuration -------------------------------------------------------------------------------

def forced_config(mode: Mode) -> dict[str, Any]:
    """Streamlit options this mode pins, overriding flags, environment and config files.

    XSRF protection stays on in every mode (the planner's upload needs it). The public
    instance also hides error details and developer tools, keeps CORS protection on, sets
    the smallest upload limit Streamlit can express (1 MB, on top of the closed endpoint),
    runs headless (Streamlit then refuses its "install skills" file writes) and switches off
    what a read-only site never needs (agent API, file watching, development mode).
    """
    forced: dict[str, Any] = {"server.enableXsrfProtection": True}
    if mode in PUBLIC_MODES:
        forced.update({
            "client.showErrorDetails": "none",
            "client.toolbarMode": "minimal",
            "server.enableCORS": True,
            "server.maxUploadSize": 1,
            "server.enableAgentApi": False,
            "server.headless": True,
            "server.runOnSave": False,
            "server.fileWatcherType": "none",
            "global.developmentMode": False,
        })
    return forced


def expose_metrics(mode: Mode) -> bool:
    """Whether ``/_stcore/metrics`` answers: never in public mode, elsewhere only with ``KOKI_EXPOSE_METRICS=1``.

    The metrics tell anyone how many sessions run and how much memory the caches hold: useful
    to an operator scraping from inside, useful to an attacker timing a load attack.
    """
    wanted = env_flag(EXPOSE_METRICS_ENV)
    if wanted and mode in PUBLIC_MODES:
        LOG.warning("%s is ignored on the public instance: metrics stay closed", EXPOSE_METRICS_ENV)
    return wanted and mode not in PUBLIC_MODES


def refused_routes(mode: Mode) -> dict[str, str]:
    """Streamlit routes (without base URL) this mode closes, with the reason sent back."""
    from streamlit.web.server.starlette.starlette_routes import BASE_ROUTE_UPLOAD_FILE, ROUTE_METRICS

    refused = {}
    if mode not in UPLOAD_MODES:
        refused[BASE_ROUTE_UPLOAD_FILE] = "File uploads are not accepted on this instance."
    if not expose_metrics(mode):
        refused[ROUTE_METRICS] = "Metrics are not exposed on this instance."
    return refused


# --- response headers ----------------------------------------------------------------------------

def inline_script_hashes(index_html: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) of the inline scripts in Streamlit's index.html.

    Streamlit's page carries one tiny inline script; allowing it by hash, computed from the
    file actually served, keeps ``script-src`` free of ``'unsafe-inline'`` across upgrades.
    """
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index_html, flags=re.DOTALL | re.I)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
            for body in scripts if body.strip()]


def streamlit_index_html() -> str:
    """The index.html Streamlit serves for every page."""
    from streamlit import file_util

    return (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")


def origin_of(url: str) -> str:
    """``https://tiles.example.org/styles/x.json`` -> ``https://tiles.example.org``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(basemap_style: str | None = None, script_hashes: Iterable[str] = ()) -> str:
    """The Content-Security-Policy of every response: this origin only (plus a configured basemap's).

    What the app needs and why: Streamlit's scripts from 'self' (its inline bootstrap by
    hash); WebAssembly compilation ('wasm-unsafe-eval', not JavaScript eval: deck.gl's mesh
    decoder instantiates a bundled module when it loads); inline styles (Streamlit's
    CSS-in-JS); images as data:/blob: (the map rasters travel as PNG data URLs, which deck.gl
    reads with fetch(), hence data: in connect-src too); workers from blob: (deck.gl,
    MapLibre); the websocket and fetches to 'self' (CSP 3 lets 'self' cover ws:/wss: of this
    origin); fonts from 'self' and data:. Vega charts run Streamlit's CSP-safe expression
    interpreter, so no 'unsafe-eval'. Nothing may frame the app but itself (Streamlit's
    component iframes are same-origin), no plugin runs, forms post nowhere else.
    """
    extra = [origin_of(basemap_style)] if basemap_style else []
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *extra],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "data:", *extra],
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "frame-src": ["'self'"],
        "media-src": ["'self'", "data:", "blob:"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


#: browser features the app never uses; a page that cannot ask for them cannot be tricked into it
PERMISSIONS_POLICY = ", ".join([
    "accelerometer=()", "camera=()", "display-capture=()", "geolocation=()", "gyroscope=()",
    "hid=()", "magnetometer=()", "microphone=()", "midi=()", "payment=()", "serial=()", "usb=()",
    "xr-spatial-tracking=()", "fullscreen=(self)",
])


def security_headers(basemap_style: str | None = None, script_hashes: Iterable[str] = ()) -> dict[str, str]:
    """The headers :class:`SecurityHeaders` sets on every HTTP response."""
    return {
        "Content-Security-Policy": content_security_policy(basemap_style, script_hashes),
        "X-Frame-Options": "SAMEORIGIN",  # frame-ancestors for browsers without CSP 2
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Resource-Policy": "same-origin",
    }


# --- middleware (pure ASGI: nothing is buffered, a refusal reads no body) ------------------------------

class SecurityHeaders:
    """Set ``headers`` on every HTTP response, replacing any of the same name a route set."""

    def __init__(self, app: Any, headers: Mapping[str, str]) -> None:
        self.app = app
        self.headers = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                        for name, value in headers.items()]
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                kept = [(name, value) for name, value in message.get("headers", []) if name.lower() not in self.names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RefusePaths:
    """Answer 403 to every request (any method) under the refused routes, without reading its body.

    Sits in front of Streamlit's routes, so a refused upload never reaches the handler that
    would parse and keep the file. Paths are compared after collapsing repeated slashes.
    """

    def __init__(self, app: Any, routes: Mapping[str, str]) -> None:
        from streamlit import config
        from streamlit.url_util import make_url_path

        self.app = app
        base = config.get_option("server.baseUrlPath") or ""
        self.refused = [(make_url_path(base, route).rstrip("/"), reason) for route, reason in routes.items()]

    def reason(self, path: str) -> str | None:
        """Why ``path`` is refused, or None when it passes."""
        path = re.sub(r"/{2,}", "/", path).rstrip("/")
        for prefix, reason in self.refused:
            if path == prefix or path.startswith(prefix + "/"):
                return reason
        return None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        reason = self.reason(scope["path"]) if scope["type"] == "http" else None
        if reason is None:
            await self.app(scope, receive, send)
            return
        from starlette.responses import PlainTextResponse

        await PlainTextResponse(reason, status_code=403, headers={"Cache-Control": "no-store"})(scope, receive, send)


#: what a visitor's browser may ask the public server over the websocket (BackMsg type ->
#: allowed payloads, None: any): run pages, stop its own run, keep alive, fetch dataframe
#: chunks and deferred downloads (the PDF handout). Everything else is a developer tool that
#: acts on the whole server: clear every cache (a one-message load attack), report the git
#: repository and its uncommitted files, toggle run-on-save, install files ("skills").
PUBLIC_BACKMSGS: dict[str, frozenset[str] | None] = {
    "rerun_script": None,
    "stop_script": None,
    "app_heartbeat": None,
    "backend_operation_request": frozenset({"deferred_file", "dataframe_chunk"}),
}


class BackMsgAllowList:
    """Drop websocket messages from the browser whose type is not allowed, before Streamlit acts on them.

    Frames Streamlit would refuse anyway (text, unparsable, larger than its widget-state
    limit) pass through untouched, so Streamlit closes the connection as it always does.
    """

    def __init__(self, app: Any, allowed: Mapping[str, frozenset[str] | None]) -> None:
        self.app = app
        self.allowed = dict(allowed)

    def permits(self, data: bytes | None) -> bool:
        """Whether a binary frame may reach Streamlit."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.runtime.runtime_util import get_max_widget_state_size_bytes

        if data is None or len(data) > get_max_widget_state_size_bytes():
            return True
        message = BackMsg()
        try:
            message.ParseFromString(data)
        except Exception:  # noqa: BLE001 - Streamlit's own parse fails the same way and closes
            return True
        kind = message.WhichOneof("type")
        if kind not in self.allowed:
            return False
        payloads = self.allowed[kind]
        return payloads is None or getattr(message, kind).WhichOneof("payload") in payloads

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        dropped = 0

        async def allowed_receive() -> dict:
            nonlocal dropped
            while True:
                message = await receive()
                if message["type"] != "websocket.receive" or self.permits(message.get("bytes")):
                    return message
                dropped += 1
                if dropped == 1:  # once per connection: a flood must not flood the log too
                    LOG.warning("dropped a websocket message the public instance does not accept (client %s)",
                                (scope.get("client") or ("?",))[0])

        await self.app(scope, allowed_receive, send)


# --- errors --------------------------------------------------------------------------------------

def show_plain_error(exc: Exception) -> bool:
    """``on_script_error`` of the public instance: one plain sentence instead of Streamlit's error box.

    Streamlit has already logged the full traceback on the server when this runs. Returning
    True suppresses its own display, so no exception type, message or file path reaches the
    page. Should this handler fail, Streamlit falls back to its generic message (error
    details are forced to "none").
    """
    import streamlit as st

    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    st.error(t("server_error", lang if lang in PLAIN_LANGUAGES else DEFAULT_LANGUAGE), icon=":material/error:")
    return True


# --- the app -------------------------------------------------------------------------------------

def build_app(deployment: Settings) -> Any:
    """``st.App`` running app.py with the middleware and error handler of ``deployment.mode``.

    Middleware order: the headers wrap everything (a refusal carries them too), then the
    refusals, then (public) the websocket allow-list, then Streamlit's own middleware and routes.
    """
    import streamlit as st
    from starlette.middleware import Middleware

    headers = security_headers(deployment.basemap_style, inline_script_hashes(streamlit_index_html()))
    middleware = [Middleware(SecurityHeaders, headers=headers),
                  Middleware(RefusePaths, routes=refused_routes(deployment.mode))]
    if deployment.mode in PUBLIC_MODES:
        middleware.append(Middleware(BackMsgAllowList, allowed=PUBLIC_BACKMSGS))
    on_error = show_plain_error if deployment.mode in PUBLIC_MODES else None
    from koki_climate.ui.comment_api import comment_routes

    return st.App(APP, middleware=middleware, on_script_error=on_error, routes=comment_routes(deployment.mode))
