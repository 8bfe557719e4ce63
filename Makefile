# Two entry points: `make run` (demo site) and `make test` (whole suite, SQLite then PostgreSQL).
PYTHON ?= $(shell command -v python3.13 2>/dev/null || ls $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | head -n 1)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
MANAGE := DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py

.PHONY: run serve test install install-production system-packages lint test-sqlite test-postgres demo messages translations locks

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.13 introuvable : installez-le (python3.13)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Two locks, with hashes (`make locks` regenerates them from pyproject.toml): production.lock is
# what the site runs on; dev.lock adds the test and lint tools, for `make run` and `make test`.
$(VENV)/.installed: requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

$(VENV)/.production: requirements/production.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/production.lock
	touch $@

locks:
	PYTHON=$(PYTHON) requirements/compile

# The interface's translations: `make messages` refreshes the catalogues from the code
# (then translate the new entries), `make translations` compiles them; both need GNU gettext.
LANGUAGES := en ar uk
MESSAGE_FLAGS := --no-location --no-obsolete --ignore=.venv --ignore=staticfiles \
	--ignore=tests --ignore=benchmarks --ignore=media --ignore=docs

install: $(VENV)/.installed translations

messages: $(VENV)/.installed
	$(MANAGE) makemessages $(addprefix --locale=,$(LANGUAGES)) $(MESSAGE_FLAGS)

translations: $(VENV)/.installed system-packages
	$(MANAGE) compilemessages --ignore=.venv -v0

# Debian packages: Chromium for browser tests, Pango for WeasyPrint, gettext for translations,
# the PostgreSQL client (pg_dump, pg_restore, psql) for backup_site and restore_site.
system-packages:
	@if ! command -v chromium >/dev/null || ! command -v msgfmt >/dev/null || ! command -v pg_dump >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core gettext postgresql-client >/dev/null; \
	fi

# The demo's public address is where `make run` serves it, so that links in the e-mails printed
# on the console open; the demo records it in the Site too (portal.site_setup).
demo run: export BASE_URL ?= http://127.0.0.1:$(PORT)

demo: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo
	$(MANAGE) ensure_demo_admin

# The task workers (builds of the printable guide, newsletter sends) run beside the web server
# and stop with it; sends and guide builds a crash left unfinished are resumed first.
run: demo
	@echo "Site de démonstration : http://127.0.0.1:$(PORT)/"
	@$(MANAGE) resume_newsletter_sends
	@$(MANAGE) resume_guide_builds
	@$(MANAGE) db_worker --backend guide --no-reload & guide=$$!; \
		$(MANAGE) db_worker --backend newsletter --no-reload & newsletter=$$!; \
		trap 'kill $$guide $$newsletter 2>/dev/null; wait $$guide $$newsletter 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

# Production installs the production lock only, and never apt-get: the system packages it needs
# (Pango for WeasyPrint, gettext to compile the translations, the PostgreSQL client for backups)
# are the operator's, listed in docs/exploitation.md.
install-production: $(VENV)/.production
	@command -v msgfmt >/dev/null || { echo "gettext (msgfmt) manque pour compiler les traductions : apt-get install gettext (docs/exploitation.md, « Paquets du système »)." >&2; exit 1; }
	$(MANAGE) compilemessages --ignore=.venv -v0

# Production on one machine: migrations, static files, then gunicorn and both task workers
# (deploy/serve; docs/exploitation.md). Needs SECRET_KEY and DATABASE_URL.
serve: install-production
	@deploy/serve

APPS := portal guide declarations freshness stats opendata actualites diagnostic demo

# Checks of the code rather than of the product: style, templates (djlint), security, the apps'
# layers (import-linter, contracts in pyproject.toml), migrations, and the tests marked `lint`
# (the production settings' deployment checks, translation catalogues in step with the code).
lint: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --check templates
	$(BIN)/djlint --lint templates
	$(BIN)/bandit -c pyproject.toml -r $(APPS) -q
	$(BIN)/lint-imports --no-cache
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest -q -m lint -p no:xdist

# Every test once on SQLite; on PostgreSQL, only those marked `engine` (tests/conftest.py).
PYTEST := $(BIN)/pytest -q -n 2 --durations=20

test-sqlite: install system-packages
	env -u DATABASE_URL $(PYTEST) -m "not lint"

test-postgres: install system-packages
	DATABASE_URL=$(TEST_DATABASE_URL) $(PYTEST) -m "engine and not lint" --create-db

test: lint test-sqlite test-postgres
