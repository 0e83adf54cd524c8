# Peyvand: `make run` serves the demo, `make test` runs every gate. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SOURCES := src tests benchmarks
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test test-slow lint typecheck pytest audit bench messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Peyvand needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m peyvand.core.compile_messages
	touch $@

messages: install
	$(BIN)/python -m peyvand.core.compile_messages

run: install messages
	$(BIN)/peyvand migrate --noinput -v 0
	$(BIN)/peyvand demo
	$(BIN)/peyvand serve --port $(PORT)

# lint-imports holds the layers and the engine's facade ([tool.importlinter] in pyproject.toml;
# README, "Architecture"), on this checkout's src whatever the venv's editable install points at.
lint: install
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	PYTHONPATH=src $(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

# Browser tests need Debian's chromium (never a downloaded browser) and PDF tests read text back
# with poppler-utils' pdftotext: run them when those are there, and say so loudly when not.
pytest: install messages
	@skip=""; \
	if ! command -v chromium >/dev/null 2>&1; then \
		echo "############################################################################"; \
		echo "# NOTICE: Debian package 'chromium' is missing: browser tests (tests/browser)"; \
		echo "# are NOT run. Install it with: apt-get install chromium   (.ci/run does this)"; \
		echo "############################################################################"; \
		skip="--ignore=tests/browser"; \
	fi; \
	markers="not slow"; \
	if ! command -v pdftotext >/dev/null 2>&1; then \
		echo "############################################################################"; \
		echo "# NOTICE: 'pdftotext' is missing: tests that read PDF text back are NOT run."; \
		echo "# Install it with: apt-get install poppler-utils   (.ci/run does this)"; \
		echo "############################################################################"; \
		markers="not slow and not pdftotext"; \
	fi; \
	$(BIN)/pytest -n 2 -q -m "$$markers" $$skip

# Known vulnerabilities in the pinned dependencies (PyPI's per-release JSON API, or OSV with
# AUDIT_SERVICE=osv). A vulnerability always fails. A dependency the service cannot look up
# (no network, a mirror without that API) fails only with AUDIT_STRICT=1; otherwise a loud notice.
# Without a network the audit must neither hang nor fail `make test`: each lookup gives up after
# AUDIT_LOOKUP_SECONDS and the whole audit after AUDIT_SECONDS (then the same notice).
AUDIT_STRICT ?= 0
AUDIT_SERVICE ?= pypi
AUDIT_SECONDS ?= 120
AUDIT_LOOKUP_SECONDS ?= 5
audit: install
	@timeout $(AUDIT_SECONDS) $(BIN)/pip-audit -r requirements.lock --no-deps --disable-pip \
		--progress-spinner off --timeout $(AUDIT_LOOKUP_SECONDS) \
		-s $(AUDIT_SERVICE) >$(VENV)/pip-audit.log 2>&1; status=$$?; \
	if [ $$status -eq 124 ]; then \
		echo "############################################################################"; \
		echo "# NOTICE: pip-audit gave up after $(AUDIT_SECONDS) s (no network?). The pinned"; \
		echo "# dependencies are NOT audited. See $(VENV)/pip-audit.log"; \
		echo "############################################################################"; \
		if [ "$(AUDIT_STRICT)" = "1" ]; then exit 1; fi; \
	elif [ $$status -ne 0 ]; then \
		cat $(VENV)/pip-audit.log; echo "FAIL: pip-audit found known vulnerabilities or failed"; \
		exit 1; \
	elif grep -q "could not be audited" $(VENV)/pip-audit.log; then \
		echo "############################################################################"; \
		echo "# NOTICE: pip-audit could not look up $$(grep -c 'could not be audited' \
			$(VENV)/pip-audit.log) pinned dependencies (no route to the service, or an index"; \
		echo "# without /pypi/<name>/<version>/json). They are NOT audited. See $(VENV)/pip-audit.log"; \
		echo "############################################################################"; \
		if [ "$(AUDIT_STRICT)" = "1" ]; then exit 1; fi; \
	else echo "pip-audit: no known vulnerabilities in requirements.lock"; fi

test: lint typecheck audit pytest

# Slow tests: the Spark backend (needs Java and the `spark` extra, installed here).
test-slow: install
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-spark.lock
	$(BIN)/pytest -q -m slow

bench: install messages
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
