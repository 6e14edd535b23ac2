"""Text files of the sample region: the manifest (docs/region-format.md) and a README."""
from __future__ import annotations

REGION_TOML = '''format_version = 1

[region]
name = "Musterstadt"
crs = "EPSG:25832"
synthetic = true
description = "Synthetic sample region (fictitious town in a southern German river valley), seed {seed}, {cells} x {cells} cells"

[layers.elevation]
file = "terrain.nc"
variable = "elevation"
units = "m"

[layers.landuse]
file = "terrain.nc"
variable = "landuse"

[layers.impervious]
file = "terrain.nc"
variable = "impervious"
units = "1"

[layers.river]
file = "terrain.nc"
variable = "river"

[layers.groundwater_depth]
file = "groundwater.nc"
variable = "groundwater_depth"
units = "m"

[layers.flood_events]
file = "floods.nc"
variable = "inundated"

[climate]
file = "climate.nc"
[climate.variables]
precip_annual = "pr_annual"
precip_summer = "pr_summer"
precip_winter = "pr_winter"
temperature = "tas"
heavy_rain_rp10 = "pr_1d_rp10"
heavy_rain_rp100 = "pr_1d_rp100"
heavy_rain_extreme = "pr_1d_extreme"
precip_annual_low = "pr_annual_low"
precip_annual_high = "pr_annual_high"
precip_summer_low = "pr_summer_low"
precip_summer_high = "pr_summer_high"
precip_winter_low = "pr_winter_low"
precip_winter_high = "pr_winter_high"
temperature_low = "tas_low"
temperature_high = "tas_high"

[wells]
locations = "wells/wells.csv"
heads_dir = "wells/heads"
weather = "wells/weather.csv"

[vectors]
file = "vectors.gpkg"
parcels = "parcels"
rivers = "rivers"
boundary = "boundary"
'''

README = '''# Musterstadt — synthetic sample region

**Everything in this folder is synthetic.** Musterstadt is a fictitious municipality in a
southern German river valley (a tributary of the Danube in the Bavarian foreland). No
value here describes a real place; use it to try KoKI Klima and to run its tests.

Made by `python -m koki_climate sample --seed {seed} --cells {cells}`
({cells} x {cells} cells of {cell} m over 30 x 30 km, EPSG:25832). The same seed and cell
count always give byte-identical files.

## How it was made
- `terrain.nc`: a main river (Mühlach) and tributaries carve valleys into a dissected
  plateau: flat floodplain, two terraces, hills up to about 700 m. Land use follows rules
  (town on the lower terrace, villages in side valleys, grassland and floodplain forest
  along the river, forest on steep slopes, fields elsewhere); some planned developments
  lie on the floodplain on purpose.
- `groundwater.nc`: depth to groundwater grows with height above the stream whose valley
  holds the cell: under 2 m in the floodplain, up to about 30 m under the hills.
- `floods.nc`: eight historical events, each a 2-D hydrodynamic simulation (local-inertial
  shallow water on 500 m cells with the fine terrain inside them): rain with losses by land
  use and sealing, and the river's flood wave from upstream, downscaled to the grid, plus
  ponding in sealed hollows and emerging groundwater. The flood model's features play no
  part in it (see data/README.md).
- `climate.nc`: 1 km grid, reference 1991-2020 and RCP2.6/4.5/8.5 for 2021-2050 and
  2071-2100; heavy rain grows about 7 %/K with warming.
- `wells/`: 40 wells with weekly heads 1990-2024 that respond to the daily weather
  (soil-bucket recharge, gamma response), some with trends, level shifts and gaps.
- `vectors.gpkg`: land-use plan parcels, rivers, municipal boundary.

## Sources (for the orders of magnitude; the values are synthetic)
{references}
'''
