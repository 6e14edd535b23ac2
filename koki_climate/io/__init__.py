"""File safety at the lowest layer: every write in KoKI Klima goes through this package.

- :mod:`koki_climate.io.atomic`: one file written to a temporary name and renamed into place
  (fsynced), stale temporaries of killed processes recognised and removed.
- :mod:`koki_climate.io.entries`: content-keyed cache entries (results, models) committed by
  a pointer file, locked so a cold entry is computed once across threads and processes.
- :mod:`koki_climate.io.outputs`: folders a user names (``--out``): only KoKI's own earlier
  files are ever replaced; a user's files are never deleted or overwritten.

Every writer here refuses on the public read-only instance (:func:`koki_climate.config.require_writable`).
"""
