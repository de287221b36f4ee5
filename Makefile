# recoupe: every target creates .venv itself when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared
OUT    := out

.PHONY: venv demo test lint eval eval-tls bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	$(BIN)/recoupe analyze "$$($(BIN)/python -c 'from recoupe.sample import sample_corpus_path; print(sample_corpus_path())')" \
		--db $(OUT)/demo.db --export $(OUT)/demo.json
	$(BIN)/recoupe articles --db $(OUT)/demo.db
	$(BIN)/recoupe stories --db $(OUT)/demo.db
	$(BIN)/recoupe timeline 01_depeche-afn --db $(OUT)/demo.db --limit 12
	$(BIN)/recoupe compare 01_depeche-afn --db $(OUT)/demo.db

lint: $(STAMP)
	$(BIN)/ruff check recoupe tests bench
	$(BIN)/mypy recoupe bench

test: lint
	$(BIN)/pytest -n 2 -q

eval: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/eval.db $(OUT)/eval.db-wal $(OUT)/eval.db-shm
	$(BIN)/recoupe analyze $(SHARED)/eval/dev/input.jsonl --db $(OUT)/eval.db --export $(OUT)/eval.json --quiet
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/dev/gold.json $(OUT)/eval.json
	$(BIN)/python $(SHARED)/eval/evidence_check.py $(OUT)/eval.json
	$(BIN)/python bench/timebank_eval.py --shared $(SHARED)

eval-tls: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/tls.db $(OUT)/tls.db-wal $(OUT)/tls.db-shm
	$(BIN)/recoupe analyze $(SHARED)/eval/tls/dev/libya.jsonl --db $(OUT)/tls.db --export $(OUT)/tls.json --quiet
	$(BIN)/python $(SHARED)/eval/tls_score.py $(SHARED)/eval/tls/dev/reference/libya.txt $(OUT)/tls.json \
		--corpus $(SHARED)/eval/tls/dev/libya.jsonl

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py --shared $(SHARED)
	$(BIN)/python bench/bench_read.py --shared $(SHARED)
	$(BIN)/python bench/bench_link.py
	$(BIN)/python bench/bench_pipeline.py --shared $(SHARED)

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
