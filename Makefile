# Zharys: `make demo` and `make test` each set up everything on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 0.0.0.0
PORT   ?= 5000
SOCKET_IO_CLIENT := 4.8.4
SIO_JS := web/static/vendor/socket.io.min.js
STAMP  := $(VENV)/.installed
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# pytest-xdist workers for `make test` (one per core; a test file stays on one worker)
TEST_WORKERS ?= auto

.PHONY: demo demo-fll test install assets translations chromium serve lint bench extract-messages clean

demo: install
	$(BIN)/zharys seed-demo
	$(BIN)/zharys seed-demo --olympiad
	$(BIN)/zharys serve --host $(HOST) --port $(PORT) --simulate-devices

# The FLL demo: a SUBMERGED tournament day (robot game on two table pairs, judging rooms).
demo-fll: install
	$(BIN)/zharys seed-demo --fll
	ZHARYS_EVENT=demo-fll $(BIN)/zharys serve --host $(HOST) --port $(PORT)

test: install chromium
	$(BIN)/ruff check .
	@url="$${ZHARYS_TEST_POSTGRES_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import psycopg,sys; psycopg.connect('host=127.0.0.1 port=5432 user=postgres dbname=test', connect_timeout=2).close()" 2>/dev/null; then \
	  url="$(PG_TEST_URL)"; fi; \
	if [ -n "$$url" ]; then echo "make test: PostgreSQL answers; the database tests run on SQLite and on $$url"; \
	else echo "make test: PostgreSQL is not reachable; its tests are SKIPPED (SQLite only)"; fi; \
	ZHARYS_TEST_POSTGRES_URL="$$url" $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $@

install: $(STAMP) assets translations

# The Socket.IO browser client comes from the npm registry, never from a CDN at run time.
assets: $(SIO_JS)
$(SIO_JS):
	mkdir -p build/npm web/static/vendor
	cd build/npm && npm pack --silent socket.io-client@$(SOCKET_IO_CLIENT) >/dev/null
	tar -xzf build/npm/socket.io-client-$(SOCKET_IO_CLIENT).tgz -C build/npm
	cp build/npm/package/dist/socket.io.min.js $@

translations: $(STAMP)
	$(BIN)/pybabel -q compile --use-fuzzy -d web/translations

extract-messages: $(STAMP)
	$(BIN)/pybabel -q extract -F web/babel.cfg -k _l -o web/translations/messages.pot web
	$(BIN)/pybabel -q update -i web/translations/messages.pot -d web/translations

# Browser tests drive Debian's chromium; install it when missing (CI runs as root).
chromium:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium (browser tests) and poppler-utils (PDF tests)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null; }

serve: install
	$(BIN)/zharys serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/live_latency.py

clean:
	rm -rf build .pytest_cache
