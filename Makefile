# Tertial: `make demo` and `make test` are the two set-up commands; the rest are conveniences.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DBT_DIR := dbt_project
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# The UI has no login of its own: keep it on loopback, behind an authenticating proxy.
UI_HOST ?= 127.0.0.1

.PHONY: install manifest demo test test-fast ui lint fix docs clean bench exposures golden

$(BIN)/tertial: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $@

install: $(BIN)/tertial

# dagster-dbt reads the dbt manifest when the code location loads: build it first.
manifest: install
	cd $(DBT_DIR) && ../$(BIN)/dbt parse --profiles-dir . --quiet

demo: manifest
	$(BIN)/tertial demo

# Every tier: fast unit tests and the end-to-end tier (marked slow). CI runs this. Two workers
# (pytest-xdist), each running whole test files: a file's module fixtures are built once.
TEST_WORKERS ?= 2
test: manifest
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

# The fast tier alone (under a minute): unit tests, the sheet writer, dbt unit tests.
test-fast: manifest
	$(BIN)/pytest -q -m "not slow"

ui: manifest
	@mkdir -p $(DAGSTER_HOME) && $(BIN)/python -c "from orchestration.runtime.instance import ensure_dagster_home; ensure_dagster_home()"
	$(BIN)/dagster dev -h $(UI_HOST) -p 3000 -m orchestration.definitions

# sqlfluff compiles the models with dbt against an in-memory DuckDB (no warehouse needed).
SQLFLUFF := TERTIAL_WAREHOUSE=:memory: $(BIN)/sqlfluff
SQL_PATHS := $(DBT_DIR)/models $(DBT_DIR)/tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(SQLFLUFF) lint $(SQL_PATHS)
	$(BIN)/python -m orchestration.runtime.sql_portability

fix: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(SQLFLUFF) fix $(SQL_PATHS)

# The dbt exposures are written from the report catalogue (a test checks they agree).
exposures: install
	$(BIN)/python -m orchestration.reports.catalog > $(DBT_DIR)/models/reports/_reports__exposures.yml

# Rewrite the workbook snapshot after an intended change of the exports (tests/golden.py).
golden: manifest
	$(BIN)/python -m tests.golden

docs: manifest
	cd $(DBT_DIR) && ../$(BIN)/dbt docs generate --profiles-dir .

clean:
	rm -rf $(DBT_DIR)/target $(DBT_DIR)/logs .pytest_cache .ruff_cache

# Region-scale benchmark (docs/benchmarks.md). Default: 12 months of 250 000 and of 1 000 000 rows.
BENCH_ROWS ?= 1000000
BENCH_MONTHS ?= 12
BENCH_SIE_ROWS ?= 1000000
bench: manifest
	$(BIN)/python -m orchestration.bench --rows-per-month $(BENCH_ROWS) --months $(BENCH_MONTHS)
	$(BIN)/python -m orchestration.bench.sie4 --rows $(BENCH_SIE_ROWS)
	$(BIN)/python -m orchestration.bench.engines --rows-per-month $(BENCH_ROWS) --months $(BENCH_MONTHS)
