# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ENV := source scripts/env.sh
# A fixed logical date: with whole_archive the run takes every input of the archive.
RUN_DATE ?= 2025-01-01
ARCHIVE ?= $(CURDIR)/seeds
# The independent Air Force series, when ../shared is beside the checkout (optional).
REFERENCE_CSV ?= $(wildcard $(CURDIR)/../shared/data/reference/missile_attacks_daily.csv)
PYTEST_ARGS ?=

FROM ?=
TO ?=

REPORT_OUT ?= $(CURDIR)/.local/report/news-report.html
# make bench [N=plain-text documents] [HTML=HTML documents] [BENCH_ARGS=...]
N ?= 100000
HTML ?= $(shell echo $$(( $(N) / 5 )))
BENCH_ARGS ?=

.PHONY: bench bench-celery backfill archive report chromium help install db db-stop airflow-db migrate run test unit compose-config clean-state airflow airflow-stop

help:
	@echo "make run    - install, start the private PostgreSQL, run the news_events DAG on seeds/, print a summary"
	@echo "make test   - install, start PostgreSQL, run unit, integration and DAG tests"
	@echo "make report - render the HTML report into .local/report/ and store it in the warehouse"
	@echo "make backfill FROM=YYYY-MM-DD TO=YYYY-MM-DD [ARCHIVE=dir] - backfill on the local scheduler"
	@echo "make bench [N=100000] [HTML=N/5] - throughput benchmark against the peers; results in bench/results/"
	@echo "make bench-celery [N=...] - the same pipeline through CeleryExecutor, one worker then two"
	@echo "make airflow / make airflow-stop - the Airflow UI (LocalExecutor) on 127.0.0.1"
	@echo "make db / make db-stop - start / stop the private PostgreSQL"

install: .venv/.installed

.venv/.installed: pyproject.toml uv.lock scripts/bootstrap.sh
	scripts/bootstrap.sh
	touch $@

db:
	@if [ -z "$${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-}" ] || [ -z "$${WAREHOUSE_URL:-}$${AIRFLOW_CONN_WAREHOUSE:-}" ]; then \
		scripts/pg.sh start; fi

db-stop:
	scripts/pg.sh stop

airflow-db: install db
	@$(ENV) && airflow db migrate >/dev/null 2>&1 || { $(ENV) && airflow db migrate; }

migrate: install db
	@$(ENV) && newsevents migrate

run: airflow-db migrate
	@$(ENV) && scripts/run_dag.sh news_events $(RUN_DATE) '{"whole_archive": true, "archive": "$(ARCHIVE)"}'
	@$(ENV) && if [ -n "$(REFERENCE_CSV)" ]; then newsevents reference "$(REFERENCE_CSV)"; fi
	@$(ENV) && newsevents checks && newsevents summary

test: airflow-db chromium
	@$(ENV) && python -m pytest $(PYTEST_ARGS)

chromium:
	scripts/ensure_chromium.sh

# the HTML report over the marts: stored in the warehouse (served by the Airflow plugin) and written here
report: migrate
	@$(ENV) && newsevents report --out $(REPORT_OUT)

# the throughput benchmark (bench/pipeline/): per stage vs the peers, end to end into PostgreSQL
bench: install db
	@$(ENV) && python bench/pipeline/bench.py --text $(N) --html $(HTML) $(BENCH_ARGS)

# the same DAG through CeleryExecutor + Redis, one worker then two (N=10000 unless given)
bench-celery: airflow-db
	@$(ENV) && python bench/pipeline/celery_bench.py --text $(if $(filter command line,$(origin N)),$(N),10000)

unit: install
	@$(ENV) && python -m pytest tests/unit $(PYTEST_ARGS)

airflow: install db
	scripts/airflow.sh start

airflow-stop:
	scripts/airflow.sh stop

# make backfill FROM=2024-10-01 TO=2024-12-29 [ARCHIVE=archive/]: runs on the local scheduler
backfill: install db
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make backfill FROM=YYYY-MM-DD TO=YYYY-MM-DD [ARCHIVE=dir]"; exit 2; }
	scripts/backfill.sh $(FROM) $(TO) $(ARCHIVE)

# a realistic dated sample archive (90 days, a few hundred documents, duplicates across days)
archive:
	python3 scripts/generate_archive.py archive --start 2024-10-01 --days 90

compose-config: install
	.venv/lib/python3*/site-packages/compose/docker-compose -f docker-compose.yaml --env-file .env.example config -q

clean-state: airflow-stop db-stop
	rm -rf .local
