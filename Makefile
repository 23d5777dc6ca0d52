# Kommunekart. Two commands on a fresh machine (see README):
#   make run    install into .venv and start the app on its default data
#   make test   install into .venv and run every test (unit, AppTest, Chromium)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/streamlit run app.py

test: $(BIN)/.installed
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) geo/cache data/cache static/leaflet static/geo
