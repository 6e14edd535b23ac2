"""The engine's groundwater input: projected *changes* applied to the observed depth layer."""
from __future__ import annotations

import numpy as np
import pytest

from koki_climate.groundwater.provider import BaselineGroundwater, ProjectedChangeGroundwater, default_groundwater
from koki_climate.groundwater.regional import cache_path, method_id, write_depth_grids
from koki_climate.region import open_region
from koki_climate.errors import NotPreparedError
from koki_climate.scenario import Scenario


def fake_projection(region, pathway, horizon, shift_mean, shift_high):
    """Depth grids as the projection writes them: an interpolated field plus a scenario shift."""
    base = region.grid["groundwater_depth"].astype("float32")
    smooth = base.coarsen(y=8, x=8, boundary="trim").mean().interp_like(base, method="nearest").fillna(5.0)
    ds = (smooth + shift_mean).to_dataset(name="groundwater_depth")
    ds["groundwater_depth_high"] = smooth + shift_high
    ds["groundwater_depth"].attrs["units"] = ds["groundwater_depth_high"].attrs["units"] = "m"
    ds.attrs.update(method=method_id(), region_checksum=region.checksum)
    return ds


@pytest.fixture
def region_with_projections(small_region_dir, tmp_path):
    region = open_region(small_region_dir)
    for pathway, horizon, mean, high in (("historical", "1991-2020", 0.0, -0.6),
                                         ("rcp85", "2071-2100", 0.3, -0.2)):
        write_depth_grids(fake_projection(region, pathway, horizon, mean, high),
                            cache_path(tmp_path, region, pathway, horizon))
    return region, tmp_path


def test_reference_scenario_keeps_the_observed_layer(region_with_projections) -> None:
    region, cache = region_with_projections
    provider = ProjectedChangeGroundwater(region, cache, write=False)
    mean, high = provider.depths(Scenario())
    observed = region.grid["groundwater_depth"].values
    np.testing.assert_allclose(mean.values, observed, atol=1e-5)
    # high water 0.6 m above the mean, never above ground
    np.testing.assert_allclose(high.values, np.clip(observed - 0.6, 0, None), atol=1e-5)


def test_future_scenario_applies_the_projected_change(region_with_projections) -> None:
    region, cache = region_with_projections
    provider = ProjectedChangeGroundwater(region, cache, write=False)
    mean, _ = provider.depths(Scenario("rcp85", "2071-2100"))
    observed = region.grid["groundwater_depth"].values
    np.testing.assert_allclose(mean.values, np.clip(observed + 0.3, 0, None), atol=1e-5)


def test_read_only_instance_does_not_fit_missing_projections(region_with_projections) -> None:
    region, cache = region_with_projections
    provider = ProjectedChangeGroundwater(region, cache, write=False)
    with pytest.raises(NotPreparedError, match="no groundwater projection for rcp26 2021-2050"):
        provider.depths(Scenario("rcp26", "2021-2050"))


def test_baseline_is_chosen_on_request(small_region_dir, tmp_path) -> None:
    region = open_region(small_region_dir)
    assert isinstance(default_groundwater(region, tmp_path, kind="baseline"), BaselineGroundwater)
    assert isinstance(default_groundwater(region, tmp_path, kind="projection"), ProjectedChangeGroundwater)
