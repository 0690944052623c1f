#!/usr/bin/env python3
"""Rebuild the sample corpus in corpus/ from the data sets in ../shared/data.

Deterministic: the same inputs always give the same files.
  - corpus/petitions.jsonl: 12 petitions of each category (204 in all),
    the earliest ids first, bodies of at most 6,000 characters;
  - corpus/kowiki.jsonl: 60 Korean Wikipedia articles of 2,000 to 8,000
    characters, every 7th such article from the start of the dump.
Usage: python3 scripts/sample_corpus.py [SHARED_DATA_DIR]
"""
import io
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"


def read_zst(path):
    out = subprocess.run(["zstd", "-dc", str(path)], check=True, capture_output=True).stdout
    for line in io.TextIOWrapper(io.BytesIO(out), encoding="utf-8"):
        if line.strip():
            yield json.loads(line)


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def petitions():
    by_category = defaultdict(list)
    rows = sorted(read_zst(DATA / "petitions.jsonl.zst"), key=lambda r: int(r["id"].split("-")[1]))
    for row in rows:
        if len(row["body"]) <= 6000 and len(by_category[row["category"]]) < 12:
            by_category[row["category"]].append(row)
    return [row for category in sorted(by_category) for row in by_category[category]]


def wikipedia():
    picked, seen = [], 0
    for row in read_zst(DATA / "kowiki-100k.jsonl.zst"):
        if 2000 <= len(row["body"]) <= 8000:
            if seen % 7 == 0:
                picked.append(row)
            seen += 1
        if len(picked) == 60:
            break
    return picked


write_jsonl(ROOT / "corpus" / "petitions.jsonl", petitions())
write_jsonl(ROOT / "corpus" / "kowiki.jsonl", wikipedia())
