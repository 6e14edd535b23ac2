"""Load figures of the participation instance: comments posted at once over HTTP and from threads.

Starts the served app (``python -m koki_climate.ui.serve``, ``KOKI_MODE=participation``) on
the sample region with one published, prepared version in a temporary copy of the cache,
then posts N comments concurrently over HTTP (plus retries of some), and N from threads
straight into the store (the form's path without the browser). Prints wall time, comments
per second and latency percentiles, and checks every comment is stored exactly once.

Run with ``make bench`` (after ``make sample``; uses the trained model in ``.cache``).
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("KOKI_GROUNDWATER", "baseline")

import numpy as np  # noqa: E402
import requests  # noqa: E402

from koki_climate.engine import Engine  # noqa: E402
from koki_climate.participation.comments import CommentLimits, CommentStore, NewComment  # noqa: E402
from koki_climate.participation.posting import parse_ref  # noqa: E402
from koki_climate.ui.comment_api import ROUTE  # noqa: E402
from tests.browser.served import start_app, stop_app  # noqa: E402  (the tests' way of serving the app)
from tests.participation_library import REF, prepared_library  # noqa: E402  (and of readying its library)


def line(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"{name:<44} {value:>12,.3f} {unit:<8} {note}", flush=True)


def stored(cache: Path) -> list[str]:
    with sqlite3.connect(f"file:{cache / 'scenarios.sqlite'}?mode=ro", uri=True) as db:
        return [sid for (sid,) in db.execute("SELECT submission_id FROM comments")]


def http_load(url: str, point: tuple[float, float], n: int, workers: int) -> tuple[list[dict], list[float], float]:
    bodies = [{"submission_id": uuid.uuid4().hex, "scenario": REF, "x": point[0], "y": point[1],
               "category": "hint", "text": f"Lastprobe {i}: Hier staut sich das Wasser."} for i in range(n)]
    latencies: list[float] = []

    def send(body: dict) -> int:
        start = time.perf_counter()
        answer = requests.post(f"{url}{ROUTE}", data=json.dumps(body), headers={"Content-Type": "application/json"},
                               timeout=300)
        latencies.append(time.perf_counter() - start)
        return answer.status_code

    requests.post(f"{url}{ROUTE}", data=json.dumps({**bodies[0], "submission_id": "warm-up"}),
                  headers={"Content-Type": "application/json"}, timeout=300)  # the engine opens on first use
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        codes = list(pool.map(send, bodies + bodies[: n // 4]))
    wall = time.perf_counter() - start
    if set(codes) != {201}:
        raise SystemExit(f"unexpected answers: {sorted(set(codes))}")
    return bodies, latencies, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default=str(REPO / "data" / "musterstadt"))
    parser.add_argument("--cache-dir", default=str(REPO / ".cache"))
    parser.add_argument("--comments", type=int, default=200)
    parser.add_argument("--workers", type=int, default=32)
    args = parser.parse_args()
    region, trained = Path(args.region), Path(args.cache_dir)
    Engine.open(region, cache_dir=trained)  # trains once if the cache has no model yet
    with tempfile.TemporaryDirectory() as folder:
        _, cache, point = prepared_library((region, trained), Path(folder))
        process, url = start_app(region, cache, "participation", Path(folder) / "server.log",
                                 env={"KOKI_COMMENTS_PER_MINUTE": "1000000"})
        try:
            bodies, latencies, wall = http_load(url, point, args.comments, args.workers)
        finally:
            stop_app(process)
        ids = stored(cache)
        expected = {b["submission_id"] for b in bodies}
        line("HTTP: comments posted at once", args.comments, "", f"+{args.comments // 4} retries, "
             f"{args.workers} clients")
        line("HTTP: wall time", wall, "s")
        line("HTTP: stored comments per second", args.comments / wall, "1/s")
        line("HTTP: latency median", float(np.median(latencies)) * 1000, "ms")
        line("HTTP: latency 95th percentile", float(np.percentile(latencies, 95)) * 1000, "ms")
        line("HTTP: stored exactly once", float(expected <= set(ids) and len(ids) == len(set(ids))), "",
             "1 = yes")

        os.environ["KOKI_MODE"] = "participation"
        store = CommentStore.for_cache(cache, limits=CommentLimits(global_per_minute=1_000_000))
        name, number = parse_ref(REF)
        news = [NewComment(uuid.uuid4().hex, name, number, point[0], point[1], "hint", f"Thread {i}", "EPSG:25832")
                for i in range(args.comments)]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(store.post, news))
        wall = time.perf_counter() - start
        store.close()
        line("threads: wall time", wall, "s", f"{args.comments} comments, {args.workers} threads")
        line("threads: stored comments per second", args.comments / wall, "1/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
