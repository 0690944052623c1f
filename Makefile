# The two commands of the README:
#   make run    set everything up and run the main job on the shipped corpus
#   make test   set everything up and run every test
# Both install what they need (the release build, the Korean dictionary) and
# are safe to repeat: a second run does no set-up work.

CARGO    ?= cargo
KOSEARCH := target/release/kosearch

.PHONY: run test build dictionary library lint bench

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
# so that the documentation left in target/doc is the whole crate's.
# `make test` runs all of this too.
lint: library
	$(CARGO) fmt --check
	$(CARGO) clippy --release --locked --bin kosearch --no-default-features --features cli -- -D warnings
	$(CARGO) clippy --release --locked --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --release --locked --no-deps

# The examples run first, so that the last lines printed are the test
# runner's summary.
test: dictionary lint
	$(CARGO) run --release --locked --example analyze
	$(CARGO) run --release --locked --example user_dictionary
	$(CARGO) run --release --locked --example index_and_search
	$(CARGO) test --release --locked --all-targets
	$(CARGO) test --release --locked --doc

bench: dictionary
	$(CARGO) bench --locked
