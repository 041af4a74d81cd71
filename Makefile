# The README's two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test messages lint fmt check bench screenshots lighthouse vendor vendor-axe clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Penpals needs Python 3.11 or newer, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install a newer Python and run: make PYTHON=python3.12 run"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# The compiled translations (locale/*/LC_MESSAGES/*.mo), built from the committed .po catalogues
# only when a catalogue changed: by gettext's msgfmt (Debian: gettext), which also checks the
# placeholders, or by polib (a pinned requirement) on a machine without gettext.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
MSGFMT ?= msgfmt
%.mo: %.po | $(VENV)/.installed-run
	@if command -v $(MSGFMT) >/dev/null; then $(MSGFMT) --check-format -o $@ $<; \
	else $(BIN)/python -c 'import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@; fi

messages: $(MO_FILES)

run: $(VENV)/.installed-run messages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_facilities
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Two pytest-xdist workers: the suite's time is CPU, and these machines have two cores.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-dev messages
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=penpals.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# The load comes from wrk (Debian package `wrk`), installed here when missing, as .ci/run does
# for the tests' packages (as root; otherwise it says what to run).
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; \
	  else echo "make bench needs wrk, the HTTP load generator: sudo apt-get install wrk"; exit 1; fi; }
	$(BIN)/python bench/run.py

# Pages at 1280 and 390 px into review/screenshots/, from a production-like server (review/site.py).
screenshots: $(VENV)/.installed-dev
	$(BIN)/python -m review.screenshots

# Lighthouse (mobile) scores of the public pages, from the same server. Lighthouse comes from the
# npm registry into review/.lighthouse/ (ignored), once; it drives Debian's Chromium.
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := review/.lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	mkdir -p review/.lighthouse
	cd review/.lighthouse && echo '{"private": true}' > package.json && \
	  npm install --no-audit --no-fund --ignore-scripts lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: $(VENV)/.installed-dev $(LIGHTHOUSE)
	$(BIN)/python -m review.lighthouse

# Refresh the vendored Bootstrap from the npm registry (needs npm; the result is committed).
BOOTSTRAP_VERSION := 5.3.8
vendor:
	rm -rf /tmp/penpals-vendor && mkdir -p /tmp/penpals-vendor
	cd /tmp/penpals-vendor && npm pack bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	mkdir -p static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/css static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/js
	cp /tmp/penpals-vendor/package/dist/css/bootstrap.min.css* static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/css/
	cp /tmp/penpals-vendor/package/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/js/
	cp /tmp/penpals-vendor/package/LICENSE static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/

# axe-core for the browser tests' accessibility checks (tests only, never served).
AXE_VERSION := 4.14.1
vendor-axe:
	rm -rf /tmp/penpals-axe && mkdir -p /tmp/penpals-axe
	cd /tmp/penpals-axe && npm pack axe-core@$(AXE_VERSION) && tar xzf axe-core-$(AXE_VERSION).tgz
	mkdir -p tests/browser/vendor/axe-core-$(AXE_VERSION)
	cp /tmp/penpals-axe/package/axe.min.js /tmp/penpals-axe/package/LICENSE tests/browser/vendor/axe-core-$(AXE_VERSION)/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
