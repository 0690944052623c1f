#!/usr/bin/env bash
# Ablation of BM25's k1 and b on the KLUE retrieval set (docs/relevance.md,
# "BM25 k1 and b").
#
# tantivy 0.27 fixes k1 = 1.2 and b = 0.75 as constants. Both are used only
# at search time, so this script:
#   1. copies the tantivy source that cargo fetched for Cargo.lock's version
#      into a scratch directory and applies scripts/tantivy-0.27-bm25-env.patch,
#      which reads k1 and b once from KOSEARCH_BM25_K1 and KOSEARCH_BM25_B
#      (unset: 1.2 and 0.75);
#   2. copies the kosearch work tree (the files git tracks or would track;
#      no target/, no index/) next to it, points that copy's tantivy at the
#      patched one with [patch.crates-io], and builds `kosearch` in release
#      with a target directory of its own. The repository, its target/ and
#      its Cargo.lock are not touched;
#   3. runs `kosearch eval` on one index, built on the first run and then
#      reused, for every k1 and b of the grid, with the default settings and
#      with `--passage-ranking 0`, and prints a table and writes a CSV, with
#      MRR@10 on the first and on the second half of the questions.
#
# Usage:  scripts/bm25-grid.sh
# Environment (all optional):
#   K1S="0.6 0.9 1.2 1.5 2.0"  values of k1
#   BS="0 0.1 0.2 0.3 0.4 0.5 0.75 0.9"  values of b
#   RANKINGS="default 0"       passage ranking: "default" passes no flag, a
#                              number N passes --passage-ranking N
#   REV=COMMIT                 build this commit (git archive) instead of
#                              the work tree, e.g. REV=HEAD while others edit
#   SCRATCH=DIR                scratch directory
#                              [default: ${TMPDIR:-/tmp}/kosearch-bm25-grid]
#   CSV=FILE                   where the table goes [default: $SCRATCH/bm25-grid.csv]
#   BASELINE_BIN=FILE          an unpatched kosearch built from the same work
#                              tree (e.g. target/release/kosearch): checked
#                              to give exactly the patched build's rankings
#                              at k1 = 1.2, b = 0.75 before the grid runs
#
# Re-running reuses the patched tantivy, the build and the index (cargo
# rebuilds only what changed in the work tree). Delete $SCRATCH/index when
# the index layout changes. Skips, with exit code 0, when ../shared is absent.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# Relative, as in the commands of docs/relevance.md.
docs=../shared/data/klue-hard.docs.jsonl.zst
queries=../shared/data/klue-hard.queries.jsonl
if [[ ! -f $docs || ! -f $queries ]]; then
    echo "bm25-grid: skipped: $docs or $queries not found (../shared is absent)" >&2
    exit 0
fi

for tool in cargo jq patch tar; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bm25-grid: $tool is required" >&2
        exit 1
    fi
done

read -r -a k1s <<<"${K1S:-0.6 0.9 1.2 1.5 2.0}"
read -r -a bs <<<"${BS:-0 0.1 0.2 0.3 0.4 0.5 0.75 0.9}"
read -r -a rankings <<<"${RANKINGS:-default 0}"
scratch=${SCRATCH:-${TMPDIR:-/tmp}/kosearch-bm25-grid}
patch_file=$repo/scripts/tantivy-0.27-bm25-env.patch
mkdir -p "$scratch"

# --- 1. The patched tantivy ------------------------------------------------

if [[ -n ${REV:-} ]]; then
    lock=$(git show "$REV:Cargo.lock")
else
    lock=$(cat Cargo.lock)
fi
version=$(awk '$0 == "name = \"tantivy\"" { getline; gsub(/^version = "|"$/, ""); print; exit }' <<<"$lock")
if [[ $version != 0.27.* ]]; then
    echo "bm25-grid: Cargo.lock has tantivy ${version:-(none)}; $patch_file is for 0.27" >&2
    exit 1
fi
find_tantivy() {
    local dir
    for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"tantivy-$version"; do
        if [[ -f $dir/src/query/bm25.rs ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}
if ! tantivy_src=$(find_tantivy); then
    echo "bm25-grid: fetching the crates of Cargo.lock" >&2
    cargo fetch --locked
    tantivy_src=$(find_tantivy)
fi
tantivy=$scratch/tantivy-$version
stamp="$tantivy_src $(cksum <"$patch_file")"
if [[ ! -f $tantivy.stamp || $(cat "$tantivy.stamp") != "$stamp" ]]; then
    echo "bm25-grid: patching $tantivy_src into $tantivy" >&2
    rm -rf "$tantivy" "$tantivy.stamp"
    cp -R -p "$tantivy_src" "$tantivy"
    chmod -R u+w "$tantivy"
    patch --quiet -p1 -d "$tantivy" <"$patch_file"
    echo "$stamp" >"$tantivy.stamp"
fi

# --- 2. The work tree, built against it ------------------------------------

copy=$scratch/kosearch
rm -rf "$copy"
mkdir -p "$copy"
# tar keeps modification times, so cargo rebuilds only what changed.
if [[ -n ${REV:-} ]]; then
    # Files get the commit's time.
    git archive --format=tar "$REV" | tar -xf - -C "$copy"
    echo "bm25-grid: building commit $(git rev-parse "$REV^{commit}")" >&2
elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard |
        tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null |
        tar -xf - -C "$copy"
else
    tar --exclude=./target --exclude=./index --exclude=./fuzz/target -cf - . | tar -xf - -C "$copy"
fi
{
    cat "$copy/Cargo.toml"
    printf '\n# Added by scripts/bm25-grid.sh: tantivy with k1 and b from the environment.\n'
    printf '[patch.crates-io]\ntantivy = { path = "../%s" }\n' "tantivy-$version"
} >"$copy/Cargo.toml.patched"
touch -r "$copy/Cargo.toml" "$copy/Cargo.toml.patched"
mv "$copy/Cargo.toml.patched" "$copy/Cargo.toml"
cp -p "$copy/Cargo.lock" "$copy/Cargo.lock.orig"

echo "bm25-grid: building kosearch against the patched tantivy in $copy" >&2
# Not --locked: the path patch drops tantivy's registry source and checksum
# from the copy's Cargo.lock. Every other version stays as locked (checked
# below), and --offline keeps cargo from looking for newer ones.
(cd "$copy" && CARGO_TARGET_DIR=$scratch/target nice -n 10 cargo build --release --offline --bin kosearch)
# Expected: tantivy's two lines "source = …" and "checksum = …" removed.
lock_changes=$(diff "$copy/Cargo.lock.orig" "$copy/Cargo.lock" | grep '^[<>]' || true)
unexpected=$(grep -v -e '^< source = "registry+' -e '^< checksum = ' <<<"$lock_changes" || true)
if [[ -n $unexpected || $(wc -l <<<"$lock_changes") -gt 2 ]]; then
    echo "bm25-grid: the patched build changed Cargo.lock beyond tantivy's source:" >&2
    echo "$lock_changes" >&2
    exit 1
fi
bin=$scratch/target/release/kosearch
if ! grep -q -a KOSEARCH_BM25_K1 "$bin"; then
    echo "bm25-grid: $bin does not read KOSEARCH_BM25_K1: the patch is not in the build" >&2
    exit 1
fi
nice -n 10 "$bin" dict install >/dev/null

# --- 3. The grid ------------------------------------------------------------

index=$scratch/index
results=$scratch/results
mkdir -p "$results"

# run NAME RANKING [KOSEARCH_BM25_K1=… KOSEARCH_BM25_B=…]: one evaluation
# into $results/NAME.json and NAME.per-query.jsonl, with binary $run_bin.
run_bin=$bin
run() {
    local name=$1 ranking=$2
    shift 2
    local flags=()
    if [[ $ranking != default ]]; then
        flags=(--passage-ranking "$ranking")
    fi
    env -u KOSEARCH_BM25_K1 -u KOSEARCH_BM25_B "$@" nice -n 10 "$run_bin" eval \
        --docs "$docs" --queries "$queries" --index "$index" --json \
        --per-query "$results/$name.per-query.jsonl" "${flags[@]}" \
        >"$results/$name.json" 2>"$results/$name.log" || {
        cat "$results/$name.log" >&2
        return 1
    }
}

# The figures that must not depend on the build: all but latencies.
rankings_of() {
    jq -c 'del(.latency_ms)' "$results/$1.per-query.jsonl"
}

# The patched build with k1 and b unset must equal it with 1.2 and 0.75,
# and, given BASELINE_BIN, equal the unpatched build.
for ranking in "${rankings[@]}"; do
    run "check-$ranking-unset" "$ranking"
    run "check-$ranking-set" "$ranking" KOSEARCH_BM25_K1=1.2 KOSEARCH_BM25_B=0.75
    if ! cmp -s <(rankings_of "check-$ranking-unset") <(rankings_of "check-$ranking-set"); then
        echo "bm25-grid: k1 and b unset and set to 1.2 and 0.75 rank differently (ranking $ranking)" >&2
        exit 1
    fi
    if [[ -n ${BASELINE_BIN:-} ]]; then
        run_bin=$BASELINE_BIN
        run "check-$ranking-unpatched" "$ranking"
        run_bin=$bin
        if ! cmp -s <(rankings_of "check-$ranking-unset") <(rankings_of "check-$ranking-unpatched"); then
            echo "bm25-grid: $BASELINE_BIN and the patched build rank differently (ranking $ranking)" >&2
            exit 1
        fi
        echo "bm25-grid: ranking $ranking: the patched build at k1 = 1.2, b = 0.75 ranks all" \
            "$(jq -s length "$results/check-$ranking-unset.per-query.jsonl") questions exactly as $BASELINE_BIN" >&2
    fi
done

csv=${CSV:-$scratch/bm25-grid.csv}
echo "passage_ranking,k1,b,mrr@10,recall@1,recall@10,recall@100,ndcg@10,answer_in_passage@1,answer_in_passage@5,mrr@10_first_half,mrr@10_second_half" >"$csv"
for ranking in "${rankings[@]}"; do
    for k1 in "${k1s[@]}"; do
        for b in "${bs[@]}"; do
            name=pr-$ranking-k1-$k1-b-$b
            echo "bm25-grid: passage ranking $ranking, k1 $k1, b $b" >&2
            run "$name" "$ranking" "KOSEARCH_BM25_K1=$k1" "KOSEARCH_BM25_B=$b"
            # The halves: the first and the last half of the questions, in
            # the order of the queries file.
            halves=$(jq -rs 'def mrr: map(.["reciprocal_rank@10"]) | add / length;
                (length / 2 | floor) as $h | [(.[:$h] | mrr), (.[$h:] | mrr)] | @csv' \
                "$results/$name.per-query.jsonl")
            jq -r --arg ranking "$ranking" --arg k1 "$k1" --arg b "$b" --arg halves "$halves" \
                '[$ranking, $k1, $b, .["mrr@10"], .["recall@1"], .["recall@10"], .["recall@100"],
                  .["ndcg@10"], .["answer_in_passage@1"], .["answer_in_passage@5"]]
                 | map(tostring) | join(",") + "," + $halves' \
                "$results/$name.json" >>"$csv"
        done
    done
done

# Rounded half up, as in docs/relevance.md (0.8875 is 0.888).
awk -F, 'NR == 1 {
        printf "\n%-8s %5s %5s  %6s %6s %6s %6s %7s  %7s %7s\n",
            "ranking", "k1", "b", "MRR@10", "R@1", "R@10", "R@100", "nDCG@10", "MRR-1st", "MRR-2nd"
        next
    }
    {
        for (i = 4; i <= 12; i++) $i = sprintf("%.3f", $i + 1e-9)
        mark = ($2 == 1.2 && $3 == 0.75) ? "*" : " "
        printf "%-8s %5s %5s%s %6s %6s %6s %6s %7s  %7s %7s\n", $1, $2, $3, mark, $4, $5, $6, $7, $8, $11, $12
    }
    END { print "" }' "$csv"
echo "* tantivy's k1 and b. CSV: $csv; each run's JSON, per-query rankings and log: $results/" >&2
