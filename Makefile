# Leadboard: `make run`, `make demo`, `make test`. Everything installs itself into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# empty by default so LEADBOARD_HOST / LEADBOARD_PORT from the environment still apply
HOST ?=
PORT ?=
SERVER_FLAGS := $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

.PHONY: run demo test lint format clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Leadboard needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	$(BIN)/python main.py $(SERVER_FLAGS)

demo: $(VENV)/.installed
	$(BIN)/python main.py --demo $(SERVER_FLAGS)

test: $(VENV)/.installed-test
	@browser="$$($(BIN)/python tests/e2e/find_chromium.py)" && \
		LEADBOARD_CHROMIUM="$$browser" $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
