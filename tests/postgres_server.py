"""A throwaway PostgreSQL server for tests: temporary data directory, free loopback port.

``initdb`` refuses to run as root, so as root the server runs as ``nobody`` (via
``runuser``) in a directory that user owns. Stopped (``pg_ctl stop -m immediate``) and
removed at the end. Missing binaries raise :class:`Unavailable` with the reason.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

USER = "koki"
DATABASE = "koki"


class Unavailable(RuntimeError):
    """The PostgreSQL binaries are not on this machine."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield its SQLAlchemy URL (``postgresql+psycopg://…``)."""
    binaries = {name: shutil.which(name) for name in ("initdb", "pg_ctl", "createdb")}
    missing = [name for name, path in binaries.items() if path is None]
    if missing:
        raise Unavailable(f"PostgreSQL binaries not found on PATH: {', '.join(missing)}")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "nobody", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="koki-pg-"))
    data = base / "data"
    if as_root:
        os.chown(base, 65534, 65534)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C"}

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, env=env, cwd=base, timeout=120)

    run(binaries["initdb"], "-D", str(data), "-U", USER, "--auth=trust", "--no-sync", "-E", "UTF8")
    options = f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(binaries["pg_ctl"], "-D", str(data), "-o", options, "-l", str(base / "server.log"), "-w", "start")
    try:
        for _ in range(50):
            try:
                run(binaries["createdb"], "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE)
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run([*prefix, binaries["pg_ctl"], "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, env=env, cwd=base, timeout=60)
        shutil.rmtree(base, ignore_errors=True)
