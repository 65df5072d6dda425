# ModelRef: `make run` serves the site, `make test` runs the whole suite (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_ENV := DJANGO_SETTINGS_MODULE=modelref.settings_test

.PHONY: install run test lint format check-migrations benchmark clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "ModelRef needs Python >= 3.12 (Django 6); .python-version asks pyenv for 3.13.")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_catalogue
	DEBUG=true $(BIN)/python manage.py refresh_route_summaries
	DEBUG=true $(BIN)/python manage.py load_traffic_profiles
	DEBUG=true $(BIN)/python manage.py load_featured_comparisons
	DEBUG=true $(BIN)/python manage.py ensure_editor
	@echo "Serving ModelRef on http://127.0.0.1:$(PORT)/ (editors: /admin/)"
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: lint check-migrations
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var staticfiles
