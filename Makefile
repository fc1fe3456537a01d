# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: run run-lan serve test test-postgres audit browser webkit redis fonts translations extract-messages screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools

# Stamps: reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

translations: $(VENV)/.runtime
	$(BIN)/pybabel compile --statistics -d safety/translations

## Start the system on SQLite with the demo data, at http://127.0.0.1:5000
run: $(VENV)/.runtime translations fonts
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	$(FLASK) check-public-url --serving http://127.0.0.1:5000
	COOKIE_SECURE=0 $(FLASK) run --host 127.0.0.1 --port 5000

## The same on the local network over HTTPS (self-signed), so a real phone can use camera and offline mode
run-lan: $(VENV)/.runtime translations instance/lan-cert.pem
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 0.0.0.0 --port 5443 --cert instance/lan-cert.pem --key instance/lan-key.pem

instance/lan-cert.pem:
	mkdir -p instance
	openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=safety-inspection-lan" \
	  -keyout instance/lan-key.pem -out instance/lan-cert.pem

## Production-style: gunicorn with its config file (set DATABASE_URL, SECRET_KEY, REDIS_URL as needed)
serve: $(VENV)/.runtime translations fonts
	$(FLASK) init-db
	$(BIN)/gunicorn -c gunicorn.conf.py app:app

## Debian's Chromium for the browser tests; fails loudly when it cannot be installed
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium ffmpeg >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || { echo "ERROR: chromium could not be installed; browser tests cannot run." >&2; exit 1; }
	@command -v ffmpeg >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null; }
	@command -v ffmpeg >/dev/null 2>&1 || { echo "ERROR: ffmpeg (the scanner test's fake camera) could not be installed." >&2; exit 1; }

## WebKitGTK (the Safari engine) for the WebKit tests: its WebDriver and MiniBrowser, Xvfb for their display, and
## the Chinese locale of the phone they stand in for; fails loudly when any of it cannot be installed
webkit:
	@{ command -v WebKitWebDriver && command -v Xvfb && ls /usr/lib/*/webkit2gtk-4.1/MiniBrowser; } >/dev/null 2>&1 || { \
	  echo "Installing WebKitGTK's WebDriver and Xvfb for the WebKit tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq webkit2gtk-driver xvfb >/dev/null; }
	@{ command -v WebKitWebDriver && ls /usr/lib/*/webkit2gtk-4.1/MiniBrowser; } >/dev/null 2>&1 || { \
	  echo "ERROR: webkit2gtk-driver could not be installed; the WebKit tests cannot run." >&2; exit 1; }
	@command -v Xvfb >/dev/null 2>&1 || { echo "ERROR: xvfb could not be installed; the WebKit tests cannot run." >&2; exit 1; }
	@locale -a 2>/dev/null | grep -qix 'zh_CN.utf8' || { \
	  test -f /usr/share/i18n/locales/zh_CN || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >/dev/null; }; \
	  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8; }
	@locale -a 2>/dev/null | grep -qix 'zh_CN.utf8' || { echo "ERROR: the zh_CN.UTF-8 locale could not be generated." >&2; exit 1; }

## A Chinese font (Debian's fonts-noto-cjk) and Pango for the documents' PDFs (WeasyPrint); fails loudly without them
fonts:
	@{ fc-list :lang=zh family | grep -qi 'Noto Sans CJK' && ldconfig -p | grep -q libpango-1.0; } || { \
	  echo "Installing fonts-noto-cjk and Pango for the documents' PDFs..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }
	@fc-list :lang=zh family | grep -qi 'Noto Sans CJK' || { echo "ERROR: fonts-noto-cjk could not be installed; PDFs would show boxes for Chinese." >&2; exit 1; }
	@ldconfig -p | grep -q libpango-1.0 || { echo "ERROR: Pango could not be installed; WeasyPrint cannot make PDFs." >&2; exit 1; }

## Known vulnerabilities in the installed runtime and test packages (needs PyPI; see README "Testing")
audit: $(VENV)/.dev
	$(BIN)/python scripts/audit_dependencies.py

## redis-server for the test that keeps the sign-in limit in Redis (the test starts its own, on a socket)
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }
	@command -v redis-server >/dev/null 2>&1 || { echo "ERROR: redis-server could not be installed." >&2; exit 1; }

## The dependency audit, then the whole suite: unit, integration and browser tests on SQLite
test: $(VENV)/.dev translations fonts browser webkit redis audit
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The same suite against the machine's PostgreSQL server
test-postgres: $(VENV)/.dev translations fonts browser webkit redis
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

## Re-read the message catalogue from the code and templates (then translate safety/translations/*/messages.po)
extract-messages: $(VENV)/.dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o safety/translations/messages.pot --no-location --no-wrap --sort-output .
	$(BIN)/pybabel update -i safety/translations/messages.pot -d safety/translations --no-fuzzy-matching --ignore-obsolete --no-wrap

## Screenshots of the back office and the field app for the README (with a Chinese font to render them)
screenshots: $(VENV)/.dev translations fonts browser
	@fc-list :lang=zh | grep -q . || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; }
	@fc-list :lang=zh | grep -q . || { echo "ERROR: no Chinese font could be installed; screenshots would show boxes." >&2; exit 1; }
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache
