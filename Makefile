# Peyvand: `make run` serves the demo, `make test` runs every gate. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SOURCES := src tests benchmarks
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test lint typecheck pytest bench messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Peyvand needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(BIN)/python -m peyvand.core.compile_messages
	touch $@

messages: install
	$(BIN)/python -m peyvand.core.compile_messages

run: install messages
	$(BIN)/peyvand migrate --noinput -v 0
	$(BIN)/peyvand demo
	$(BIN)/peyvand serve --port $(PORT)

lint: install
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

typecheck: install
	$(BIN)/mypy

# Browser tests need Debian's chromium (never a downloaded browser): run them when it is there,
# and say so loudly when it is not.
pytest: install messages
	@if command -v chromium >/dev/null 2>&1; then \
		$(BIN)/pytest -n 2 -q; \
	else \
		echo "############################################################################"; \
		echo "# NOTICE: Debian package 'chromium' is missing: browser tests (tests/browser)"; \
		echo "# are NOT run. Install it with: apt-get install chromium   (.ci/run does this)"; \
		echo "############################################################################"; \
		$(BIN)/pytest -n 2 -q --ignore=tests/browser; \
	fi

test: lint typecheck pytest

bench: install messages
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
