"""Build a region folder from the files a German municipality holds (``region build SPEC.toml``).

One module per kind of input, each turning the town's files into layers on one target
grid and noting in the :class:`~koki_climate.region.build.report.BuildReport` what it read,
reprojected, resampled, converted, filled, assumed or dropped (and why):

- :mod:`.spec`: the build spec (TOML), checked strictly;
- :mod:`.target`: the region grid (CRS, resolution, the boundary's bounds);
- :mod:`.dem`: DEM tiles mosaicked onto the grid, tile by tile (readers in :mod:`koki_climate.io.dem_tiles`);
- :mod:`.landuse`: land-use polygons (ALKIS/ATKIS) to classes, sealing, parcels, rivers;
- :mod:`.labels`: flood-hazard areas and mapped past floods to training labels;
- :mod:`.climate`: heavy-rain return levels and change signals to the climate scenarios;
- :mod:`.wells`: wells and heads from state portals' CSV (:mod:`koki_climate.io.tables`);
- :mod:`.writer`: the region folder in the documented format, committed whole.
"""
