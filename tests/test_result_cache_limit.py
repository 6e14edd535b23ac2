"""The disk result cache stays under its size limit, least recently used first, published results never."""
from __future__ import annotations

import os
import time

from koki_climate.io.entries import EntryStore
from koki_climate.scenario import Scenario
from koki_climate.store import PublishedResult, ScenarioStore


def put(store: EntryStore, key: str, size: int, used_at: float) -> None:
    with store.write(key) as folder:
        (folder / "data.bin").write_bytes(b"x" * size)
    os.utime(store.key_dir(key) / "current.json", (used_at, used_at))


def test_prune_evicts_least_recently_used_and_spares_protected(tmp_path):
    store = EntryStore(tmp_path / "results")
    now = time.time()
    for i, key in enumerate(["old", "published", "middle", "new"]):
        put(store, key, 1000, now - 1000 + 100 * i)  # old is the least recently used, new the most
    store.mark_used("old")  # read just now: now the most recently used
    # 4000 bytes, limit 2500: evict the two least recently used that are not protected
    evicted = store.prune(2500, protected={"published"})
    assert evicted == ["middle", "new"]
    assert [store.exists(k) for k in ("old", "published", "middle", "new")] == [True, True, False, False]
    # above the limit with only protected entries left: they stay
    assert store.prune(0, protected={"old", "published"}) == []
    assert sum(size for _, size, _ in store.usage()) == 2000


def test_store_reports_the_result_keys_of_published_versions_only(tmp_path):
    library = ScenarioStore.for_cache(tmp_path)
    library.save("A", Scenario())
    library.save("B", Scenario(pathway="rcp85", horizon="2071-2100"))
    library.publish("A", 1, actor="p", result=PublishedResult("key-a", {}, "", []))
    library.publish("B", 1, actor="p", result=PublishedResult("key-b", {}, "", []))
    library.unpublish("B", 1, actor="p")
    assert library.published_result_keys() == ["key-a"]
    library.close()
