"""Exports a planner takes away, one module per format.

- :mod:`~koki_climate.export.netcdf`: CF-1.8 NetCDF of result grids;
- :mod:`~koki_climate.export.geopackage`: zones and parcels for QGIS;
- :mod:`~koki_climate.export.png`: categorical maps (zones, changes) with legend and scale bar;
- :mod:`~koki_climate.export.pdf`: the council handout.

Files go through :mod:`koki_climate.io.atomic` (temporary name, rename). Colours and display
text are not chosen here: the presentation layer (``koki_climate.ui``) passes them in.
"""
