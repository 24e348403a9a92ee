# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test install install-dev migrate seed lint check pytest clean soak bench e2e screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make a second run skip the install unless the requirements changed.
$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@echo ""
	@echo "  Cluster Hub portal: http://$(HOST):$(PORT)/   back office: http://$(HOST):$(PORT)/admin/"
	@$(BIN)/python manage.py demo_logins
	@echo "  E-mails are printed here by the background worker, which runs alongside the server."
	@echo ""
	@$(BIN)/python manage.py run_worker -v 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The background worker alone (e-mail, feed fetching), e.g. next to `manage.py runserver`.
worker: migrate
	$(BIN)/python manage.py run_worker

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r hub portal --severity-level medium --quiet
	$(BIN)/pytest -q tests/static

check: install-dev
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	# The production settings pass Django's deployment checklist (a throwaway key: only its shape is checked).
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DJANGO_ALLOWED_HOSTS=hub.example.org DJANGO_SETTINGS_MODULE=portal.settings.prod \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

pytest: install-dev
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

test: lint check pytest

# Browser tests (tests/e2e): Debian's Chromium (/usr/bin/chromium, or HUB_E2E_CHROMIUM) against a live server;
# a failing test leaves a screenshot of its page under test-results/.
e2e: install-dev
	$(BIN)/pytest -m e2e tests/e2e -q --screenshot only-on-failure --output test-results $(E2E_ARGS)

# Pictures of every public page type at desktop and phone size, for the README (docs/screenshots/).
screenshots: install-dev
	rm -f docs/screenshots/*.png
	HUB_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -m e2e -q tests/e2e/test_screenshots.py

clean:
	rm -rf $(VENV) var

# Production stack (gunicorn, its own PostgreSQL cluster on port 5433, Redis) under load, then a
# database outage mid-load; see "Soak and fault test" in the README. SOAK_SECONDS etc. tune it.
soak: install
	$(BIN)/python scripts/soak.py

# The production configuration (gunicorn, PostgreSQL database clusterhub_bench, Redis) measured page by page
# with wrk against a bare Django reference; see "Performance" in the README. BENCH_SECONDS etc. tune it.
bench: install
	$(BIN)/python bench/run.py
