# Kommunekart. Two commands on a fresh machine (see README):
#   make run    install the app's requirements into .venv, build the dataset artefact (and the byte code:
#               a start then compiles nothing, even where Python may not write it), start the app
#   make test   install the app's and the test tools' requirements into .venv, lint (ruff), run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run build test bench clean

$(BIN)/.app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.app requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

build: $(BIN)/.app
	$(BIN)/python -m kommunekart.pipeline.build
	$(BIN)/python -m compileall -q app.py kommunekart sider

run: build
	$(BIN)/python -m kommunekart.web.serve

test: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: $(BIN)/.dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) geo/cache data/cache static/leaflet static/geo
