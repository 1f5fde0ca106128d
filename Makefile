# Fresh machine: `make run` starts the app, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# Installed before anything else so that no dependency pulls the CUDA build of torch.
TORCH := torch==2.13.0

.PHONY: setup browser test run golden

setup: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install '$(TORCH)'
	$(PIP) install -e '.[dev]'
	touch $(STAMP)

# Debian's chromium for the browser tests, CJK fonts so that Chinese renders.
browser:
	@if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	else echo "make browser: not root and no sudo; browser tests will be skipped" >&2; exit 0; fi; \
	$$SUDO apt-get update && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk

test: setup browser
	$(PY) -m pytest -q

run: setup
	$(PY) app.py

# Regenerate tests/golden/ after a deliberate splitter change; review the diff before committing.
golden: setup
	$(PY) tests/update_golden.py
