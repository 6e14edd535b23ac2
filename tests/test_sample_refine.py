"""Sample regions finer than the simulation grid: the same landscape refined, every layer on the fine grid."""
from __future__ import annotations

import numpy as np

from koki_climate.region import open_region
from koki_climate.region.sample import files, generate_sample_region


def test_refine_keeps_values_and_classes() -> None:
    coarse = np.array([[0.0, 1.0], [2.0, 3.0]], dtype=np.float32)
    fine = files.refine(coarse, 4)
    assert fine.shape == (4, 4)
    # cell-centred: the four fine cells in a coarse cell's corner keep its value, between them it blends
    assert fine[0, 0] == 0.0 and fine[3, 3] == 3.0
    assert 0.0 < fine[1, 1] < 3.0
    classes = np.array([[[1, 2], [3, 4]]] * 3, dtype=np.uint8)
    refined = files.refine(classes, 6, categorical=True)
    assert refined.shape == (3, 6, 6) and set(np.unique(refined)) == {1, 2, 3, 4}
    assert np.array_equal(refined[:, :3, :3], np.ones((3, 3, 3)))


def test_a_region_finer_than_the_simulation_opens_with_the_same_landscape(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "SIMULATION_MAX_CELLS", 100)
    generate_sample_region(tmp_path / "fine", seed=42, cells=150)
    generate_sample_region(tmp_path / "coarse", seed=42, cells=100)
    fine, coarse = open_region(tmp_path / "fine"), open_region(tmp_path / "coarse")
    assert fine.shape == (150, 150)
    assert fine.grid["flood_events"].shape[1:] == (150, 150)
    # the same landscape: the mean elevation and the flooded share of every event agree closely
    assert abs(float(fine.grid["elevation"].mean()) - float(coarse.grid["elevation"].mean())) < 0.5
    for event in range(coarse.grid["flood_events"].sizes["event"]):
        share_fine = float(fine.grid["flood_events"].isel(event=event).mean())
        share_coarse = float(coarse.grid["flood_events"].isel(event=event).mean())
        assert abs(share_fine - share_coarse) <= 0.02 + 0.05 * share_coarse
    assert set(np.unique(fine.grid["landuse"].values)) <= set(np.unique(coarse.grid["landuse"].values))
    assert "simulated on 100 x 100" in (tmp_path / "fine" / "README.md").read_text(encoding="utf-8")
