# The two commands of the README:
#   make run    set everything up and run the main job on the shipped corpus
#   make test   set everything up and run every test
# Both install what they need (the release build, the Korean dictionary, the
# Python package's tools) and are safe to repeat: a second run does no set-up
# work.

CARGO    ?= cargo
PYTHON   ?= python3
KOSEARCH := target/release/kosearch
# A virtualenv for the Python package (python/): maturin, pytest, and the
# package itself, built in place.
PYENV    := target/python

.PHONY: run test build dictionary library lint bench python python-test python-bench

build:
	$(CARGO) build --release --locked

# Builds mecab-ko-dic into the per-user data directory (or $$KOSEARCH_DICT);
# does nothing when it is already installed.
dictionary: build
	$(KOSEARCH) dict install

# Indexes corpus/ into index/ (incrementally: a second run only checks;
# documents no longer in corpus/, or under ids of an earlier version, go) and
# shows a search with highlighted passages.
run: dictionary
	$(KOSEARCH) index --delete-missing
	$(KOSEARCH) stats
	$(KOSEARCH) search "세종시와 서울시가 맺은 협약은?" --limit 3 --facets section,date

# What a library user gets (`default-features = false`): the library and
# its documentation without the command's and the server's crates. Clippy
# compiles the library as `cargo build --lib --no-default-features` would,
# short of generating code, which would compile tantivy and lindera a
# second time (some crates they share with the server get other features).
library:
	$(CARGO) clippy --release --locked --lib --no-default-features -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --release --locked --lib --no-default-features --no-deps

# The library alone and the command without the server are checked first,
# so that the documentation left in target/doc is the whole workspace's
# (the library and the Python package's crate). `make test` runs all of
# this too.
lint: library
	$(CARGO) fmt --all --check
	$(CARGO) clippy --release --locked --bin kosearch --no-default-features --features cli -- -D warnings
	$(CARGO) clippy --release --locked --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --release --locked --workspace --no-deps

$(PYENV)/.installed: python/requirements-dev.txt
	$(PYTHON) -m venv $(PYENV)
	$(PYENV)/bin/pip install --quiet --disable-pip-version-check -r python/requirements-dev.txt
	touch $@

# Builds the Python package into $(PYENV) (`maturin develop`); the crate
# shares target/ with the library, so this compiles little more than the
# binding.
python: $(PYENV)/.installed
	VIRTUAL_ENV=$(abspath $(PYENV)) $(PYENV)/bin/maturin develop --release --locked --quiet -m python/Cargo.toml

python-test: dictionary python
	$(PYENV)/bin/pytest -q python/tests

# The examples run first, so that the last lines printed are the test
# runner's summary.
test: dictionary lint python-test
	$(CARGO) run --release --locked --example analyze
	$(CARGO) run --release --locked --example user_dictionary
	$(CARGO) run --release --locked --example index_and_search
	$(PYENV)/bin/python python/examples/rag.py
	$(CARGO) test --release --locked --all-targets
	$(CARGO) test --release --locked --doc

bench: dictionary
	$(CARGO) bench --locked

# kosearch against Kiwi + bm25s from one Python process (python/README.md);
# needs ../shared/data. A virtualenv of its own, with the package installed
# as a user would (`pip install ./python`).
python-bench: dictionary
	$(PYTHON) -m venv target/python-bench
	target/python-bench/bin/pip install --quiet --disable-pip-version-check kiwipiepy==0.24.1 bm25s==0.3.16 zstandard==0.25.0 ./python
	target/python-bench/bin/python python/bench/kiwi_bm25s.py --json target/python-bench/figures.json
