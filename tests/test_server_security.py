"""The served app holds under attack: uploads, metrics, headers, XSRF, error details, websocket, pages.

The servers are started as the Makefile starts them (``python -m koki_climate.ui.serve``)
and attacked the way a script without a browser would: a websocket session for a real
session id, the XSRF cookie any GET hands out, crafted uploads and websocket messages.
Each refusal on the public instance has a control on the planner instance showing that
the same request does take effect where it is allowed, so a refusal is not an accident of
a wrong request. The policy's building blocks are unit-tested at the end.
"""
from __future__ import annotations

import re
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.util import calc_hash

from koki_climate.ui.i18n import t
from tests.browser.served import REPO, XSRF_COOKIE, Run, Stream, start_app, stop_app

ARTIFACTS = REPO / "test-artifacts"
MB = 2**20
UPLOAD_REFUSED = "File uploads are not accepted on this instance."
METRICS_REFUSED = "Metrics are not exposed on this instance."
#: what a page must never show a visitor: tracebacks, exception names, paths of this machine
LEAKS = re.compile(r"Traceback|RecursionError|File \"|\.py\b|" + re.escape(str(REPO)) + r"|/tmp/|site-packages")
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
                    "permissions-policy")


@dataclass
class Served:
    """One app process started like ``make run``/``make run-public``."""

    url: str
    process: subprocess.Popen
    log: Path

    def rss_mb(self) -> float:
        """Resident memory of the server process (where Streamlit would keep uploaded files)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024

    def healthy(self) -> bool:
        return requests.get(f"{self.url}/_stcore/health", timeout=10).status_code == 200


def _serve(trained_small: tuple[Path, Path], mode: str, name: str, env: dict[str, str] | None = None,
           flags: tuple[str, ...] = ()) -> Iterator[Served]:
    region, cache = trained_small
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"server-security-{name}.log"
    process, url = start_app(region, cache, mode, log, env=env, flags=flags)
    try:
        yield Served(url, process, log)
    finally:
        stop_app(process)


@pytest.fixture(scope="module")
def public(trained_small) -> Iterator[Served]:
    yield from _serve(trained_small, "public", "public")


@pytest.fixture(scope="module")
def planner(trained_small) -> Iterator[Served]:
    yield from _serve(trained_small, "planner", "planner", env={"KOKI_EXPOSE_METRICS": ""})


#: flags an operator (or a copied command line) might pass that would weaken a plain Streamlit server
WEAKENING_FLAGS = ("--server.enableXsrfProtection", "false", "--server.enableCORS", "false",
                   "--client.showErrorDetails", "full", "--client.toolbarMode", "developer",
                   "--server.maxUploadSize", "500", "--server.enableAgentApi", "true")


@pytest.fixture(scope="module")
def public_weakened(trained_small) -> Iterator[Served]:
    yield from _serve(trained_small, "public", "public-weakened", env={"KOKI_EXPOSE_METRICS": "1"},
                      flags=WEAKENING_FLAGS)


def xsrf_client(url: str) -> tuple[requests.Session, str]:
    """An HTTP client holding the XSRF cookie any GET hands out, and the token to echo in X-Xsrftoken."""
    client = requests.Session()
    client.get(f"{url}/_stcore/health", timeout=10).raise_for_status()
    return client, client.cookies.get(XSRF_COOKIE, "")


def put_file(client: requests.Session, url: str, session_id: str, file_id: str, size: int,
             token: str | None) -> requests.Response:
    headers = {"X-Xsrftoken": token} if token else {}
    return client.put(f"{url}/_stcore/upload_file/{session_id}/{file_id}", headers=headers, timeout=120,
                      files={"file": ("region.zip", b"\0" * size, "application/zip")})


def page_text(run: Run) -> str:
    """What the page shows (its elements), without the session's technical preamble."""
    return "\n".join(str(message.delta) for message in run.of("delta"))


def headings(run: Run) -> list[str]:
    return [heading.body for heading in run.elements("heading")]


# --- uploads ---------------------------------------------------------------------------------------

def test_public_refuses_an_upload_with_a_real_session_and_a_valid_token(public: Served) -> None:
    client, token = xsrf_client(public.url)
    with Stream(public.url) as stream:
        stream.run()
        assert stream.session_id
        response = put_file(client, public.url, stream.session_id, "f1", 100_000, token)
        assert response.status_code == 403 and response.text == UPLOAD_REFUSED
        for method in ("OPTIONS", "DELETE", "POST", "GET", "PATCH"):
            other = client.request(method, f"{public.url}/_stcore/upload_file/{stream.session_id}/f1", timeout=10)
            assert other.status_code == 403, method
        # repeated slashes reach no other route
        sneaky = client.put(f"{public.url}//_stcore//upload_file/{stream.session_id}/f1", timeout=10,
                            headers={"X-Xsrftoken": token}, files={"file": ("x", b"x")})
        assert sneaky.status_code == 403


def test_public_refuses_an_upload_before_reading_its_body(public: Served) -> None:
    """The refusal comes while the 20 MB body is still unsent: the server cannot have kept any of it."""
    _, token = xsrf_client(public.url)
    with Stream(public.url) as stream:
        stream.run()
        host, port = urlsplit(public.url).hostname, urlsplit(public.url).port
        with socket.create_connection((host, port), timeout=30) as raw:
            raw.sendall((f"PUT /_stcore/upload_file/{stream.session_id}/f2 HTTP/1.1\r\nHost: {host}:{port}\r\n"
                         f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {20 * MB}\r\n"
                         f"X-Xsrftoken: {token}\r\nCookie: {XSRF_COOKIE}={token}\r\n\r\n").encode())
            status_line = raw.recv(64).split(b"\r\n")[0]
        assert status_line == b"HTTP/1.1 403 Forbidden"


def test_five_large_uploads_leave_the_public_server_as_it_was(public: Served, planner: Served) -> None:
    """Five 20 MB files, as in the report: kept on the planner (where uploads are open), refused in public.

    Streamlit keeps uploaded files in the server's memory, so five kept files add about
    100 MB to its resident size; refused ones add nothing like one file's 20 MB.
    """
    growth = {}
    for served, expected in ((planner, 204), (public, 403)):
        client, token = xsrf_client(served.url)
        with Stream(served.url) as stream:
            stream.run()
            before = served.rss_mb()
            statuses = {put_file(client, served.url, stream.session_id, f"big{i}", 20 * MB, token).status_code
                        for i in range(5)}
            growth[served.url] = served.rss_mb() - before
            assert statuses == {expected}
    assert growth[planner.url] > 80  # the control: five kept files are visible in the server's memory
    assert growth[public.url] < 20
    assert public.healthy()


def test_planner_upload_needs_the_xsrf_token(planner: Served) -> None:
    """XSRF protection is on: a real session id without the token is refused, with it accepted."""
    client, token = xsrf_client(planner.url)
    assert token.startswith("2|")  # Streamlit's masked token format
    with Stream(planner.url) as stream:
        stream.run()
        refused = put_file(client, planner.url, stream.session_id, "f3", 1000, token=None)
        assert refused.status_code == 403 and "XSRF" in refused.text
        assert put_file(client, planner.url, stream.session_id, "f3", 1000, token).status_code == 204


# --- metrics ------------------------------------------------------------------------------------------

def test_metrics_are_refused(public: Served, planner: Served) -> None:
    for served in (public, planner):
        for method in ("GET", "OPTIONS", "HEAD"):
            response = requests.request(method, f"{served.url}/_stcore/metrics", timeout=10)
            assert response.status_code == 403, (served.url, method)
        assert requests.get(f"{served.url}/_stcore/metrics", timeout=10).text == METRICS_REFUSED


# --- headers ------------------------------------------------------------------------------------------

def static_asset(url: str) -> str:
    """The first script Streamlit's index.html loads (a file from its static folder)."""
    index = requests.get(f"{url}/", timeout=10).text
    return re.search(r'src="\./(static/js/[^"]+\.js)"', index).group(1)


def policy(header: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources}."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_security_headers_on_every_kind_of_response(public: Served, planner: Served) -> None:
    for served in (public, planner):
        paths = ["/", "/daten", f"/{static_asset(served.url)}", "/_stcore/health", "/_stcore/host-config",
                 "/_stcore/metrics", "/favicon.png", "/static/does-not-exist.js"]
        for path in paths:
            response = requests.get(served.url + path, timeout=10)
            missing = [name for name in SECURITY_HEADERS if name not in response.headers]
            assert not missing, (path, response.status_code, missing)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "SAMEORIGIN"
            assert response.headers["referrer-policy"] == "no-referrer"
            assert "camera=()" in response.headers["permissions-policy"]
            csp = policy(response.headers["content-security-policy"])
            assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'self'"
            assert csp["object-src"] == "'none'"
            # no other origin anywhere: only 'self', data:, blob:, hashes and keywords
            for directive, sources in csp.items():
                assert not re.search(r"https?://|\*|wss?:", sources), (directive, sources)
            assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]


def test_cors_stays_closed_on_the_public_instance_whatever_the_flags(public_weakened: Served) -> None:
    response = requests.get(f"{public_weakened.url}/_stcore/health", headers={"Origin": "https://evil.example"},
                            timeout=10)
    assert response.headers.get("access-control-allow-origin") in (None, "")
    assert XSRF_COOKIE in response.cookies  # XSRF protection on despite --server.enableXsrfProtection false


def test_weakening_flags_do_not_weaken_the_public_instance(public_weakened: Served) -> None:
    client, token = xsrf_client(public_weakened.url)
    assert token
    with Stream(public_weakened.url) as stream:
        run = stream.run()
        [session] = run.of("new_session")
        assert session.new_session.config.toolbar_mode == session.new_session.config.MINIMAL
        assert put_file(client, public_weakened.url, stream.session_id, "f4", 1000, token).status_code == 403
    assert requests.get(f"{public_weakened.url}/_stcore/metrics", timeout=10).status_code == 403
    agent = requests.post(f"{public_weakened.url}/_stcore/agent/interact", json={}, timeout=10)
    assert agent.status_code == 403 and "not_available" in agent.text  # --server.enableAgentApi true ignored
    log = public_weakened.log.read_text()
    assert "--client.showErrorDetails full ignored" in log


# --- errors -------------------------------------------------------------------------------------------

def crafted_widget_runs(stream: Stream, query: str) -> list[Run]:
    """Rerun the page once per widget, with a value of the wrong type for it (no browser sends that)."""
    first = stream.run(query=query)
    widgets = []
    for message in first.of("delta"):
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind in ("radio", "selectbox", "checkbox"):
            widgets.append(getattr(element, kind).id)
    assert widgets
    runs = []
    for widget_id in widgets:
        for field, value in (("double_value", 1.5), ("bool_value", True), ("int_value", 7)):
            message = BackMsg()
            message.rerun_script.query_string = query
            state = message.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            setattr(state, field, value)
            stream.send(message)
            runs.append(stream.collect())
    return runs


@pytest.mark.parametrize("lang", ["de", "en"])
def test_exceptions_show_a_plain_translated_message(public: Served, lang: str) -> None:
    """Crafted widget values make the app raise; the visitor reads one plain sentence, never details."""
    query = "lang=en" if lang == "en" else ""
    with Stream(public.url) as stream:
        runs = crafted_widget_runs(stream, query)
    plain = t("server_error", lang)
    alerts = [alert.body for run in runs for alert in run.elements("alert")]
    assert plain in alerts  # at least one crafted value raised, and the handler answered in the page's language
    for run in runs:
        assert not run.elements("exception")  # Streamlit's own error box never appears
        assert not LEAKS.search(page_text(run)), LEAKS.search(page_text(run)).group(0)
    assert public.healthy()


def test_a_deeply_nested_scenario_link_shows_no_details_and_the_app_keeps_running(public: Served) -> None:
    with Stream(public.url) as stream:
        run = stream.run(query="s=" + "[" * 3000 + "]" * 3000)
        assert not run.elements("exception")
        assert not LEAKS.search(page_text(run))
    with Stream(public.url) as stream:  # a new visitor afterwards gets the map page
        assert headings(stream.run())[:1] == ["Karte"]
    assert public.healthy()


def test_no_exception_name_reaches_a_public_page(public: Served) -> None:
    with Stream(public.url) as stream:
        runs = crafted_widget_runs(stream, "")
    for run in runs:
        assert not re.search(r"\b[A-Z]\w*(Error|Exception)\b", page_text(run))


# --- websocket --------------------------------------------------------------------------------------

def developer_messages(session_id: str) -> list[BackMsg]:
    """Developer-tool messages a browser in viewer mode never sends, each with a reply when it is obeyed."""
    run_on_save = BackMsg(set_run_on_save=True)  # obeyed: session_status_changed with run_on_save
    skills = BackMsg()  # obeyed: a backend_operation_response (Streamlit itself refuses to install headless)
    skills.backend_operation_request.request_id = "r1"
    skills.backend_operation_request.session_id = session_id
    skills.backend_operation_request.install_skills.SetInParent()
    return [BackMsg(clear_cache=True), BackMsg(load_git_info=True), run_on_save, skills]


def obeyed(replies: list) -> set[str]:
    """Which of :func:`developer_messages` the replies show were acted on."""
    kinds = set()
    for reply in replies:
        kind = reply.WhichOneof("type")
        if kind == "session_status_changed" and reply.session_status_changed.run_on_save:
            kinds.add("set_run_on_save")
        elif kind == "backend_operation_response" and reply.backend_operation_response.request_id == "r1":
            kinds.add("install_skills")
        elif kind == "git_info_changed":
            kinds.add("load_git_info")
    return kinds


def test_a_public_visitor_cannot_use_developer_messages(public: Served, planner: Served) -> None:
    """Cache clearing, git details, run-on-save, installing files: dropped before Streamlit sees them.

    The control: the planner instance (no allow-list) answers run-on-save and the skills
    request, so the messages are well-formed and would be acted on.
    """
    with Stream(planner.url) as stream:
        stream.run()
        for message in developer_messages(stream.session_id):
            stream.send(message)
        replies = []
        for _ in range(30):
            replies += stream.messages_within(1)
            if {"set_run_on_save", "install_skills"} <= obeyed(replies):
                break
        assert {"set_run_on_save", "install_skills"} <= obeyed(replies)
    with Stream(public.url) as stream:
        stream.run()
        for message in developer_messages(stream.session_id):
            stream.send(message)
        assert obeyed(stream.messages_within(3)) == set()
        assert headings(stream.run())[:1] == ["Karte"]  # the session goes on
    assert "dropped a websocket message" in public.log.read_text()


# --- pages --------------------------------------------------------------------------------------------

def test_the_daten_page_is_not_served_on_the_public_instance(public: Served, planner: Served) -> None:
    """Asked by URL path or by its page hash (md5 of "daten", known to anyone), public serves the map instead."""
    with Stream(planner.url) as stream:  # the control: the same requests reach the page where it exists
        assert headings(stream.run(page_name="daten"))[:1] == ["Daten"]
        assert headings(stream.run(page_script_hash=calc_hash("daten")))[:1] == ["Daten"]
    with Stream(public.url) as stream:
        by_name = stream.run(page_name="daten")
        assert by_name.of("page_not_found")
        by_hash = stream.run(page_script_hash=calc_hash("daten"))
        for run in (by_name, by_hash):
            assert headings(run)[:1] == ["Karte"]
            assert "Daten" not in headings(run) and not run.elements("file_uploader")


# --- the policy's building blocks (no server) -----------------------------------------------------------

def test_forced_config_pins_the_public_instance_only() -> None:
    from koki_climate.ui.server import forced_config

    assert forced_config("planner") == {"server.enableXsrfProtection": True}
    assert forced_config("council") == {"server.enableXsrfProtection": True}
    public = forced_config("public")
    assert public["client.showErrorDetails"] == "none" and public["client.toolbarMode"] == "minimal"
    assert public["server.enableXsrfProtection"] is True and public["server.enableCORS"] is True
    assert public["server.maxUploadSize"] == 1  # the smallest limit in MB Streamlit can express


def test_serve_passes_streamlit_flags_through_and_the_mode_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from koki_climate.ui import serve

    parsed = serve.parse_options(["--server.port", "8600", "--client.showErrorDetails", "full"])
    assert parsed == {"server.port": 8600, "client.showErrorDetails": "full"}
    assert serve.parse_options(["--no.such.option", "1"]) == 2  # click's usage error

    class App:
        def run(self, config: dict) -> None:
            started.update(config)

    started: dict = {}
    monkeypatch.setenv("KOKI_MODE", "public")
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(serve, "build_app", lambda deployment: App())
    assert serve.main(["--server.port", "8600", "--client.showErrorDetails", "full"]) == 0
    assert started["server.port"] == 8600 and started["client.showErrorDetails"] == "none"
    assert sys.argv == [str(REPO / "app.py")]  # Streamlit finds .streamlit/config.toml beside app.py


@pytest.mark.parametrize("mode, env, refused", [
    ("public", "", {"upload", "metrics"}),
    ("public", "1", {"upload", "metrics"}),
    ("council", "", {"upload", "metrics"}),
    ("planner", "", {"metrics"}),
    ("planner", "1", set()),
])
def test_refused_routes_per_mode(monkeypatch: pytest.MonkeyPatch, mode: str, env: str, refused: set[str]) -> None:
    from koki_climate.ui.server import refused_routes

    monkeypatch.setenv("KOKI_EXPOSE_METRICS", env)
    routes = refused_routes(mode)
    assert {"upload" if "upload" in route else "metrics" for route in routes} == refused


def test_refusals_match_every_spelling_of_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit import config

    from koki_climate.ui.server import RefusePaths

    monkeypatch.setattr(config, "get_option", lambda name: "koki/" if name == "server.baseUrlPath" else None)
    gate = RefusePaths(app=None, routes={"_stcore/upload_file": "no"})
    for path in ("/koki/_stcore/upload_file/s/f", "//koki//_stcore/upload_file/s/f", "/koki/_stcore/upload_file"):
        assert gate.reason(path) == "no", path
    for path in ("/koki/_stcore/upload_file_x", "/_stcore/upload_file/s/f", "/koki/_stcore/health"):
        assert gate.reason(path) is None, path


def test_the_websocket_allow_list() -> None:
    from koki_climate.ui.server import PUBLIC_BACKMSGS, BackMsgAllowList

    gate = BackMsgAllowList(app=None, allowed=PUBLIC_BACKMSGS)

    def message(**fields) -> bytes:
        return BackMsg(**fields).SerializeToString()

    allowed = [message(rerun_script={"query_string": "lang=en"}), message(app_heartbeat=True),
               message(stop_script=True),
               message(backend_operation_request={"request_id": "1", "deferred_file": {"file_id": "x"}})]
    refused = [message(clear_cache=True), message(load_git_info=True), message(set_run_on_save=True),
               message(debug_shutdown_runtime=True),
               message(backend_operation_request={"request_id": "1", "install_skills": {}})]
    assert all(gate.permits(data) for data in allowed)
    assert not any(gate.permits(data) for data in refused)
    assert gate.permits(b"\xff\xff not a protobuf") and gate.permits(None)  # Streamlit refuses those itself


def test_content_security_policy_names_a_configured_basemap_only() -> None:
    from koki_climate.ui.server import content_security_policy

    closed = content_security_policy(None, ["'sha256-abc='"])
    assert "https://" not in closed and "'sha256-abc='" in closed.split("script-src")[1].split(";")[0]
    opened = policy(content_security_policy("https://tiles.example.org/styles/x.json"))
    assert opened["connect-src"].split() == ["'self'", "data:", "https://tiles.example.org"]
    assert "https://tiles.example.org" in opened["img-src"].split()
    assert "https://tiles.example.org" not in opened["script-src"] + opened["default-src"] + opened["frame-src"]


def test_inline_script_hashes_cover_streamlits_page() -> None:
    import base64
    import hashlib

    from koki_climate.ui.server import inline_script_hashes, streamlit_index_html

    html = streamlit_index_html()
    hashes = inline_script_hashes(html)
    assert len(hashes) == html.count("<script>")  # one per inline script (module scripts load by src)
    body = html.split("<script>")[1].split("</script>")[0]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in hashes


@pytest.mark.parametrize("value, ok", [("", True), ("https://tiles.example.org/style.json", True),
                                       ("/static/style.json", False), ("javascript:alert(1)", False),
                                       ("tiles.example.org/style.json", False)])
def test_basemap_setting_accepts_absolute_http_urls_only(monkeypatch: pytest.MonkeyPatch, value: str,
                                                         ok: bool) -> None:
    from koki_climate.config import settings

    monkeypatch.setenv("KOKI_BASEMAP_STYLE", value)
    if ok:
        assert settings().basemap_style == (value or None)
    else:
        with pytest.raises(ValueError, match="KOKI_BASEMAP_STYLE"):
            settings()


@pytest.mark.parametrize("lang, expected", [("", "de"), ("en", "en"), ("xx", "de")])
def test_show_plain_error_in_the_pages_language(lang: str, expected: str) -> None:
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        from koki_climate.ui.server import show_plain_error

        try:
            raise RecursionError("maximum recursion depth exceeded in /srv/koki/app.py")
        except RecursionError as exc:
            assert show_plain_error(exc) is True

    at = AppTest.from_function(script)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert [error.value for error in at.error] == [t("server_error", expected)]
