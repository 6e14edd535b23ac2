"""Start the app: ``python -m koki_climate.ui.serve [streamlit options]``.

The options are those of ``streamlit run`` (``--server.port 8501`` …), parsed by
Streamlit's own option table, so flags, ``STREAMLIT_*`` variables and ``config.toml`` work
as usual, except for the options the mode pins (:func:`koki_climate.ui.server.forced_config`):
those win over every source, so no flag can weaken the public instance.

Why not plain ``streamlit run app.py``:

- the app is served as an ``st.App`` with KoKI's middleware (security headers, closed
  upload and metrics endpoints) and error handler (:mod:`koki_climate.ui.server`);
- Streamlit still honours its old multipage scheme when a ``pages/`` folder sits beside the
  entry script. Until the first run of ``app.py`` calls ``st.navigation``, a visitor who
  opens a page URL directly would get every file in ``pages/`` as its own page, whatever the
  mode allows (a public instance would briefly offer the Daten page). Switching the old
  scheme off before the server starts closes that gap; every page also checks its mode
  itself (defence in depth).
"""
from __future__ import annotations

import logging
import sys
from typing import Any

import click
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from koki_climate.config import settings
from koki_climate.errors import KokiError
from koki_climate.ui.server import APP, build_app, forced_config

LOG = logging.getLogger(__name__)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@cli.configurator_options
def _options(**flags: Any) -> dict[str, Any]:
    """Serve KoKI Klima (the options of `streamlit run`)."""
    return flags


def parse_options(argv: list[str]) -> dict[str, Any] | int:
    """Streamlit config overrides (dotted keys) from ``argv``, or an exit code (``--help``, bad option)."""
    try:
        flags = _options.main(args=argv, prog_name="python -m koki_climate.ui.serve", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    if isinstance(flags, int):  # --help printed
        return flags
    # click names an option ``server_port``; Streamlit's keys have no underscores (cf. bootstrap.load_config_options)
    return {name.replace("_", "."): value for name, value in flags.items() if value is not None and value != ()}


def main(argv: list[str] | None = None) -> int:
    parsed = parse_options(list(sys.argv[1:] if argv is None else argv))
    if isinstance(parsed, int):
        return parsed
    try:
        deployment = settings()
        app = build_app(deployment)
    except (ValueError, KokiError) as exc:  # a KOKI_* variable out of range: one plain line, no traceback
        print(f"koki_climate.ui.serve: {exc}", file=sys.stderr)
        return 2
    forced = forced_config(deployment.mode)
    for key, value in forced.items():
        if key in parsed and parsed[key] != value:
            LOG.warning("--%s %s ignored: KOKI_MODE=%s pins it to %s", key, parsed[key], deployment.mode, value)
    PagesManager.uses_pages_directory = False  # pages/ holds st.navigation pages only
    # App.run takes sys.argv[0] as the script whose folder holds .streamlit/config.toml and goes on
    # sys.path: that is app.py, exactly as under `streamlit run app.py`
    sys.argv = [str(APP)]
    app.run(config={**parsed, **forced})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
