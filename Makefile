# The two commands of the README:
#   make run    set everything up and run the main job on the shipped corpus
#   make test   set everything up and run every test
# Both install what they need (the release build, the Korean dictionary) and
# are safe to repeat: a second run does no set-up work.

CARGO    ?= cargo
KOSEARCH := target/release/kosearch

.PHONY: run test build dictionary lint bench

build:
	$(CARGO) build --release --locked

# Builds mecab-ko-dic into the per-user data directory (or $$KOSEARCH_DICT);
# does nothing when it is already installed.
dictionary: build
	$(KOSEARCH) dict install

run: dictionary
	$(KOSEARCH) analyze --help | head -n 1
	$(KOSEARCH) analyze - < corpus/000_bcc3dce22a5e3c6c.txt | head -n 40

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --locked --all-targets -- -D warnings

test: dictionary lint
	$(CARGO) test --release --locked --all-targets
	$(CARGO) test --release --locked --doc

bench: dictionary
	$(CARGO) bench --locked
