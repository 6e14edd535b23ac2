# KoKI Klima — two commands: `make run` (app on the sample region) and `make test`.
# Each sets up what it needs: the virtualenv from requirements.txt and the sample region.
PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
REGION ?= data/musterstadt
PORT   ?= 8501
PYTEST_ARGS ?=

.PHONY: run run-public run-participation test venv sample browser bench bench-large check clean-sample

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

# First start: trains the flood model and projects groundwater, with progress (each well's model
# ensemble is chosen and run: 10-30 s per well measured on single wells, so several minutes for
# the sample's 40 wells);
# later starts reuse the cached model in $(KOKI_CACHE_DIR) (default .cache).
run: venv sample
	$(VPY) -m koki_climate train --region $(REGION)
	KOKI_REGION=$(REGION) $(VPY) -m koki_climate.ui.serve --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# The citizens' instance: read-only by construction (see README, "Public instance"). `prepare`
# fills the cache with all it shows (reused when already there); the server then only reads,
# and itself pins what must hold in public mode (error details hidden, minimal toolbar, XSRF,
# uploads and metrics closed, security headers), whatever flags are added here.
run-public: venv sample
	$(VPY) -m koki_climate prepare --region $(REGION)
	KOKI_MODE=public KOKI_REGION=$(REGION) $(VPY) -m koki_climate.ui.serve --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# The participation instance: the public instance plus one write, citizens' comments on a
# published version (see README, "Participation"). `participation open` migrates the library
# and publishes one scenario when none is published yet.
run-participation: venv sample
	$(VPY) -m koki_climate prepare --region $(REGION)
	$(VPY) -m koki_climate participation open --region $(REGION)
	KOKI_MODE=participation KOKI_REGION=$(REGION) $(VPY) -m koki_climate.ui.serve --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# Package installs wait for a busy package manager (another apt/dpkg run holding one of its
# locks) instead of failing, for APT_LOCK_WAIT seconds at most, and say what they wait for.
# (apt-get's own DPkg::Lock::Timeout covers dpkg's lock, but not `update`'s lists lock.)
APT_LOCK_WAIT ?= 600
APT := env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT) -o Acquire::Retries=3
define apt_get
	err=$$(mktemp); waited=0; \
	until $$SUDO $(APT) $(1) 2>"$$err"; do \
		if ! grep -q "Could not get lock\|Unable to lock\|Unable to acquire" "$$err" || [ $$waited -ge $(APT_LOCK_WAIT) ]; then \
			cat "$$err" >&2; rm -f "$$err"; exit 1; fi; \
		[ $$waited -eq 0 ] && echo "waiting for the package manager: $$(grep -m1 'lock' "$$err")"; \
		sleep 2; waited=$$((waited + 2)); \
	done; rm -f "$$err"
endef

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$(call apt_get,update -qq); \
		$(call apt_get,install -y -qq chromium) >/dev/null; }

test: venv sample browser
	$(VPY) -m pytest $(PYTEST_ARGS)

check: venv sample
	$(VPY) -m koki_climate check $(REGION)

bench: venv sample
	$(VPY) bench/run.py
	$(VPY) bench/scale.py --cells 1000 3162
	$(VPY) bench/terrain.py 1000 3162
	$(VPY) bench/digest.py
	$(VPY) bench/participation.py
	$(VPY) bench/region_build.py
	$(VPY) bench/groundwater.py

# 100 M cells: generates data/bench-10000 once (about 10 minutes), then opens and evaluates it.
bench-large: venv
	$(VPY) bench/scale.py --cells 10000
	$(VPY) bench/terrain.py 10000

clean-sample:
	rm -rf $(REGION)
