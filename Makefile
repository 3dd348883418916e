# Two user-facing targets: `make run` (dashboard on port 8501) and `make test` (the whole pytest suite).
# Everything else is set-up they need; pip only reruns when a requirements file changes (stamp files).

PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
ADDRESS    ?= localhost
PORT       ?= 8501
BUILDS_DIR := $(or $(KANAGAWA_BUILDS_DIR),data/builds)

.PHONY: run test stress venv

run: $(VENV)/.requirements.stamp $(BUILDS_DIR)/CURRENT.json
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.address $(ADDRESS)

# pytest exits 5 when it collected no tests; that is a failure here, not a pass.
test: $(VENV)/.requirements-dev.stamp
	@$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no tests ran" >&2; exit 1; fi; exit $$status

# The reliability tests at full size (tests/reliability, STRESS=1): over 1,000 fuzzed inputs, 30 builds killed
# with SIGKILL, 100 publishes under 20 readers and a browser. Takes several minutes; results print at the end.
stress: $(VENV)/.requirements-dev.stamp
	STRESS=1 $(PY) -m pytest tests/reliability -q

venv: $(PY)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.requirements.stamp: requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.requirements-dev.stamp: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The demo build is made only when no build has been published (a real build is never overwritten).
$(BUILDS_DIR)/CURRENT.json: | $(VENV)/.requirements.stamp
	$(PY) -m ingest demo
