# recoupe: every target creates .venv itself when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared
OUT    := out

.PHONY: venv demo serve bench-web test test-fast test-deps lint eval eval-all eval-tls eval-spark trust bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark,postgres]'
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

bench-web: demo
	$(BIN)/python bench/bench_web.py --db $(OUT)/demo.db

serve: demo
	$(BIN)/recoupe serve --db $(OUT)/demo.db

lint: $(STAMP)
	$(BIN)/ruff check recoupe tests bench
	$(BIN)/mypy recoupe bench

# The system packages the browser and PostgreSQL tests need (Debian's chromium and
# postgresql), installed when missing; the tests start and stop their own server.
test-deps:
	@bash scripts/install-test-deps.sh

test: lint test-deps
	$(BIN)/pytest -n 2 --dist loadfile -q

# The tests that need no spaCy model, browser, PostgreSQL or Spark (markers: see tests/conftest.py), in
# under a minute; a test in this tier that loads the model fails, naming the marker it lacks.
FAST_TIER := not slow and not model and not browser and not postgres and not spark
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "$(FAST_TIER)"

eval: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/eval.db $(OUT)/eval.db-wal $(OUT)/eval.db-shm
	$(BIN)/recoupe analyze $(SHARED)/eval/dev/input.jsonl --db $(OUT)/eval.db --export $(OUT)/eval.json --quiet
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/dev/gold.json $(OUT)/eval.json
	$(BIN)/python $(SHARED)/eval/evidence_check.py $(OUT)/eval.json
	@rm -f $(OUT)/eval2.db $(OUT)/eval2.db-wal $(OUT)/eval2.db-shm
	$(BIN)/recoupe analyze $(SHARED)/eval/dev2/input.jsonl --db $(OUT)/eval2.db --export $(OUT)/eval2.json --quiet
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/dev2/gold.json $(OUT)/eval2.json
	$(BIN)/python $(SHARED)/eval/evidence_check.py $(OUT)/eval2.json
	$(BIN)/python bench/timebank_eval.py --shared $(SHARED)

# Every corpus in one table (dev, dev2, TimeBank, TLS); SAVE=FILE keeps it, BASE=FILE compares.
eval-all: $(STAMP)
	$(BIN)/python bench/eval_all.py --shared $(SHARED) --tls $(if $(SAVE),--json $(SAVE)) $(if $(BASE),--compare $(BASE))

eval-tls: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/tls.db $(OUT)/tls.db-wal $(OUT)/tls.db-shm
	$(BIN)/recoupe analyze $(SHARED)/eval/tls/dev/libya.jsonl --db $(OUT)/tls.db --export $(OUT)/tls.json --quiet
	$(BIN)/python $(SHARED)/eval/tls_score.py $(SHARED)/eval/tls/dev/reference/libya.txt $(OUT)/tls.json \
		--corpus $(SHARED)/eval/tls/dev/libya.jsonl

# The trust suite at full strength: thousands of fuzzed examples, 20+ SIGKILLs, the 100 MB text.
trust: $(STAMP)
	$(BIN)/pytest -q -m slow tests/test_fuzz.py tests/test_crash.py tests/test_hostile.py

# The Spark engine (local[2]) on the dev corpus, loaded into a store, exported and scored like `eval`.
eval-spark: $(STAMP)
	@mkdir -p $(OUT)
	@rm -rf $(OUT)/eval-spark $(OUT)/eval-spark.db $(OUT)/eval-spark.db-wal $(OUT)/eval-spark.db-shm
	$(BIN)/recoupe analyze $(SHARED)/eval/dev/input.jsonl --engine spark --out $(OUT)/eval-spark --quiet
	$(BIN)/recoupe load $(OUT)/eval-spark --db $(OUT)/eval-spark.db
	$(BIN)/recoupe export $(OUT)/eval-spark.json --db $(OUT)/eval-spark.db
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/dev/gold.json $(OUT)/eval-spark.json

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py --shared $(SHARED)
	$(BIN)/python bench/bench_read.py --shared $(SHARED)
	$(BIN)/python bench/bench_link.py
	$(BIN)/python bench/bench_pipeline.py --shared $(SHARED)

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
