# Two entry points (see README): `make run` and `make test`. Each sets up what it needs first.
# Needs only python3 (3.11 or newer), pip, git and make.
PYTHON ?= python3
VENV := .venv
LS_VENV := .venv-labelstudio
LS_VERSION := 1.23.2
BIN := $(VENV)/bin
# Versions the suite was last run with; `make constraints` refreshes the file from .venv.
PIP_INSTALL = python -m pip install --quiet --disable-pip-version-check

.PHONY: run test setup labelstudio-server lint wheel constraints clean python-version

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsgold needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0])'

# A virtual environment from the standard library's venv; where a distribution ships Python without
# ensurepip (Debian's python3 without python3-venv), virtualenv from PyPI makes it instead (a
# user-level install, which PEP 668 distributions allow only with PIP_BREAK_SYSTEM_PACKAGES).
define make_venv
	$(PYTHON) -m venv $(1) 2>/dev/null || { rm -rf $(1); \
	  echo "python3 -m venv is unavailable here: creating $(1) with virtualenv"; \
	  PIP_BREAK_SYSTEM_PACKAGES=1 $(PYTHON) -m pip install --quiet --user virtualenv && $(PYTHON) -m virtualenv --quiet $(1); }
endef

$(VENV)/.installed: pyproject.toml constraints.txt | python-version
	$(call make_venv,$(VENV))
	$(BIN)/$(PIP_INSTALL) --upgrade pip
	$(BIN)/$(PIP_INSTALL) -c constraints.txt -e '.[all]'
	touch $@

setup: $(VENV)/.installed

# Label Studio lives in its own virtual environment, so its pins never constrain ours.
$(LS_VENV)/.installed: | python-version
	$(call make_venv,$(LS_VENV))
	$(LS_VENV)/bin/$(PIP_INSTALL) --upgrade pip
	$(LS_VENV)/bin/$(PIP_INSTALL) 'label-studio==$(LS_VERSION)'
	touch $@

labelstudio-server: $(LS_VENV)/.installed

run: setup
	$(BIN)/newsgold build
	$(BIN)/newsgold release

test: setup labelstudio-server lint
	NEWSGOLD_LABEL_STUDIO=$(abspath $(LS_VENV))/bin/label-studio $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests scripts hatch_build.py
	$(BIN)/ruff format --check src tests scripts hatch_build.py
	$(BIN)/mypy

# The sdist and the wheel under dist/, each carrying the corpus's standoff release (scripts/build_wheel.py).
wheel: setup
	$(BIN)/python scripts/build_wheel.py --out dist

constraints: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newsgold' > constraints.txt

clean:
	rm -rf $(VENV) $(LS_VENV) dist build .pytest_cache
