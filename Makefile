# KoKI Klima — two commands: `make run` (app on the sample region) and `make test`.
# Each sets up what it needs: the virtualenv from requirements.txt and the sample region.
PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
REGION ?= data/musterstadt
PORT   ?= 8501
PYTEST_ARGS ?=

.PHONY: run run-public test venv sample browser bench check clean-sample

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements.txt
	touch $@

sample: $(REGION)/region.toml

# The generator writes region.toml last (atomically), so a half-written region is never taken as done.
$(REGION)/region.toml: | $(VENV)/.installed
	$(VPY) -m koki_climate sample --out $(REGION)

# First start: trains the flood model and projects groundwater (a few minutes, with progress);
# later starts reuse the cached model in $(KOKI_CACHE_DIR) (default .cache).
run: venv sample
	$(VPY) -m koki_climate train --region $(REGION)
	KOKI_REGION=$(REGION) $(VPY) -m koki_climate.ui.serve --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# The citizens' instance: read-only by construction (see README, "Public instance").
run-public: venv sample
	$(VPY) -m koki_climate train --region $(REGION)
	KOKI_MODE=public KOKI_REGION=$(REGION) $(VPY) -m koki_climate.ui.serve --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false --client.showErrorDetails none \
		--client.toolbarMode minimal

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: venv sample browser
	$(VPY) -m pytest $(PYTEST_ARGS)

check: venv sample
	$(VPY) -m koki_climate check $(REGION)

bench: venv sample
	$(VPY) bench/run.py

clean-sample:
	rm -rf $(REGION)
