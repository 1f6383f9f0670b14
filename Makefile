# Two commands for a fresh Debian machine with Python 3.11:
#   make run    -> the dashboard on http://localhost:$(PORT), its records at /records/ and API at /api/
#                  (make run DATA=path/to/folder)
#   make serve  -> the production setup: REPLICAS Streamlit processes behind nginx on $(PORT)
#   make test   -> lint + every test (unit, AppTest, headless Chromium, through nginx)
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
DATA   ?=
REPLICAS ?= 2
# pytest-xdist workers for `make test`: the browser tests mostly wait (for a server, a page, a chart), so more
# workers than the 2 cores CI has still shorten the run; a file's tests stay on one worker (tests/conftest.py).
TEST_WORKERS ?= 3
BIN     = $(VENV)/bin
CHROMIUM = /usr/bin/chromium
# nginx with Debian's brotli modules (deploy/): the module file stands for all three packages.
NGINX_BROTLI = /usr/share/nginx/modules/ngx_http_brotli_static_module.so
NGINX_PACKAGES = nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static
# axe-core, the accessibility engine the browser tests inject (pinned in tests/e2e/package-lock.json)
AXE = tests/e2e/node_modules/axe-core/axe.min.js

.PHONY: run serve test lint unit app e2e bench datapackage validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The project itself is installed editable (pyproject.toml): `import ctc_dashboard` and the
# `ctc-dashboard` command work from anywhere, and edits apply without reinstalling.
$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@ $(VENV)/.runtime

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

# The package's postinst may start Debian's own nginx service on port 80; deploy/ never uses it.
$(NGINX_BROTLI):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(NGINX_PACKAGES) >/dev/null

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; \
	fi
	npm ci --prefix tests/e2e --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

run: $(VENV)/.runtime
	@echo "CTC cooperation dashboard: http://localhost:$(PORT)  records: /records/  API: /api/  (Ctrl+C to stop)"
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true $(if $(DATA),-- --data "$(DATA)")

serve: $(VENV)/.runtime $(NGINX_BROTLI)
	$(BIN)/python -m deploy.serve --port $(PORT) --replicas $(REPLICAS) $(if $(DATA),--data "$(DATA)")

lint: $(VENV)/.dev
	$(BIN)/ruff check .

test: $(VENV)/.dev $(CHROMIUM) $(NGINX_BROTLI) $(AXE) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

unit: $(VENV)/.dev
	$(BIN)/python -m pytest tests/unit

app: $(VENV)/.dev
	$(BIN)/python -m pytest tests/app

e2e: $(VENV)/.dev $(CHROMIUM) $(NGINX_BROTLI) $(AXE)
	$(BIN)/python -m pytest tests/e2e

bench: $(VENV)/.dev $(CHROMIUM) $(NGINX_BROTLI)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.landing
	$(BIN)/python -m bench.reruns
	$(BIN)/python -m bench.datasette
	$(BIN)/python -m bench.lighthouse
	$(BIN)/python -m bench.sessions
	$(BIN)/python -m bench.records --write

validate: $(VENV)/.runtime
	$(BIN)/ctc-dashboard validate $(or $(DATA),data)

datapackage: $(VENV)/.runtime
	$(BIN)/ctc-dashboard datapackage > data/datapackage.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/e2e/screenshots tests/e2e/node_modules *.egg-info
