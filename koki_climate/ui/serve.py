"""Start the app: ``python -m koki_climate.ui.serve [streamlit options]``.

Why not plain ``streamlit run app.py``: Streamlit still honours its old multipage scheme
when a ``pages/`` folder sits beside the entry script. Until the first run of ``app.py``
calls ``st.navigation``, a visitor who opens a page URL directly gets every file in
``pages/`` as its own page, whatever the mode allows (a public instance would briefly offer
the Daten page). Switching the old scheme off before the server starts closes that gap;
every page also checks its mode itself (defence in depth).
"""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> int:
    PagesManager.uses_pages_directory = False  # pages/ holds st.navigation pages only
    args = list(sys.argv[1:] if argv is None else argv)
    sys.argv = ["streamlit", "run", str(APP), *args]
    return cli.main()


if __name__ == "__main__":
    raise SystemExit(main())
