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

pytest: install messages
	$(BIN)/pytest -n 2 -q

test: lint typecheck pytest

bench: install messages
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
