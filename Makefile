# Two entry points (see README): `make run` and `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
LS_VENV := .venv-labelstudio
LS_VERSION := 1.23.2
BIN := $(VENV)/bin

.PHONY: run test setup labelstudio-server lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all]'
	touch $@

setup: $(VENV)/.installed

# Label Studio lives in its own virtual environment, so its pins never constrain ours.
$(LS_VENV)/.installed:
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LS_VENV)/bin/python -m pip install --quiet 'label-studio==$(LS_VERSION)'
	touch $@

labelstudio-server: $(LS_VENV)/.installed

run: setup
	$(BIN)/newsgold build
	$(BIN)/newsgold release

test: setup labelstudio-server
	NEWSGOLD_LABEL_STUDIO=$(abspath $(LS_VENV))/bin/label-studio $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(LS_VENV) dist build .pytest_cache
