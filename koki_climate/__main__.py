"""``python -m koki_climate …`` entry point."""
from koki_climate.cli import main

raise SystemExit(main())
