"""Terminology search speed, in process.

    .venv/bin/python bench/terminology_search.py [--concepts 50000] [--icd-rows 36000]
        [--database-url postgres://postgres@127.0.0.1:5432/huitong_terms_bench]

Builds a fresh database (SQLite under var/bench/ by default), loads the standard content
(361 points, 14 meridians), a synthetic ICD-11-shaped tabulation (invented codes and
titles, never a WHO file) through the real importer, and generated concepts with four
designations each (English, simplified Chinese, pinyin with tone marks, Serbian) through
the CSV importer — by default about 236,000 designations. Then it times
``selectors.search_concepts`` for every query form of the issue (codes in loose form,
characters simplified and traditional, pinyin with and without tones and spaces, English,
member languages, prefixes, empty and 10,000-character input) and prints p50/p95/p99 per
form. Target: p95 under 10 ms for every form.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = [
    ("zhōng", "中"), ("fǔ", "府"), ("yún", "云"), ("mén", "门"), ("tiān", "天"), ("qì", "气"),
    ("shǒu", "手"), ("sān", "三"), ("lǐ", "里"), ("hé", "合"), ("gǔ", "谷"), ("nèi", "内"),
    ("guān", "关"), ("xuè", "血"), ("hǎi", "海"), ("fēng", "风"), ("chí", "池"), ("shén", "神"),
    ("tài", "太"), ("chōng", "冲"), ("yīn", "阴"), ("yáng", "阳"), ("xū", "虚"), ("shí", "实"),
    ("pí", "脾"), ("wèi", "胃"), ("gān", "肝"), ("shèn", "肾"), ("xīn", "心"), ("fèi", "肺"),
]  # fmt: skip
ENGLISH = ["spleen", "stomach", "liver", "kidney", "heart", "lung", "qi", "blood", "yin",
           "yang", "deficiency", "excess", "stagnation", "heat", "cold", "damp", "wind",
           "pattern", "disorder", "pain", "point", "gate", "valley", "sea", "palace"]  # fmt: skip
SERBIAN = ["slezina", "želudac", "jetra", "bubreg", "srce", "pluća", "krv", "nedostatak",
           "zastoj", "toplota", "hladnoća", "vlaga", "vetar", "obrazac", "bol",
           "tačka"]  # fmt: skip

QUERIES: dict[str, list[str]] = {
    "code exact": ["ST36", "LI4", "PC6", "GV20"],
    "code loose": ["st36", "ST 36", "ST-36", "li 4"],
    "characters simplified": ["足三里", "内关", "百会", "合谷"],
    "characters traditional": ["內關", "百會", "湧泉", "風池"],
    "pinyin with tones": ["Zúsānlǐ", "Nèiguān", "Bǎihuì"],
    "pinyin toneless": ["zusanli", "neiguan", "baihui"],
    "pinyin with spaces": ["zu san li", "nei guan", "bai hui"],
    "english": ["leg three li", "inner pass", "spleen qi deficiency"],
    "member language": ["slezina nedostatak", "tačka", "zeludac"],
    "prefix": ["zusan", "sple", "defic", "中府"],
    "generated term": [],
    "icd-shaped code": [],
    "empty or hostile": ["", " ", "x" * 10_000, "\x00\x1f", "%_'\"--"],
}


def generated_rows(concepts: int, seed: int = 7) -> tuple[bytes, list[str]]:
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["system", "code", "kind", "language", "term", "use", "status", "source",
                     "definition"])  # fmt: skip
    samples: list[str] = []
    for n in range(concepts):
        code = f"gen-{n:06d}"
        parts = rng.sample(SYLLABLES, 3)
        pinyin = " ".join(p for p, _c in parts)
        chinese = "".join(c for _p, c in parts) + "证"
        english = " ".join(rng.sample(ENGLISH, 3)) + f" {n}"
        serbian = " ".join(rng.sample(SERBIAN, 2)) + f" {n}"
        for language, term in (("en", english), ("zh-Hans", chinese),
                               ("zh-Latn-pinyin", pinyin), ("sr-Latn", serbian)):  # fmt: skip
            writer.writerow(["huitong", code, "pattern", language, term, "preferred", "approved",
                             "bench", ""])  # fmt: skip
        if n % (max(concepts // 8, 1)) == 0:
            samples.append(english)
    return buffer.getvalue().encode(), samples


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=50_000)
    parser.add_argument("--icd-rows", type=int, default=36_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="Skip building the database.")
    options = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    url = options.database_url or f"sqlite:///{bench_dir / 'terms.sqlite3'}"
    os.environ["HUITONG_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huitong.settings")
    sys.path.insert(0, str(ROOT / "src"))
    if not options.reuse:
        if url.startswith("sqlite:"):
            for suffix in ("", "-wal", "-shm"):
                Path(str(bench_dir / "terms.sqlite3") + suffix).unlink(missing_ok=True)
        else:
            name = url.rsplit("/", 1)[1]
            import psycopg

            admin = url.rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                connection.execute(f'CREATE DATABASE "{name}"')
        subprocess.run(
            [sys.executable, "-m", "huitong", "migrate", "--no-input", "-v0"],
            check=True,
            env=os.environ,
        )

    import django

    django.setup()
    from huitong.terminology import importers, selectors
    from huitong.terminology.models import ConceptCode, Designation
    from huitong.terminology.tests.test_import_support import synthetic_tabulation

    samples: list[str] = []
    if not options.reuse:
        started = time.perf_counter()
        report = importers.import_data(
            format="icd11",
            data=synthetic_tabulation(options.icd_rows),
            file_name="SimpleTabulation-ICD-11-MMS-en.txt",
            dry_run=False,
            actor=None,
        )
        print(f"ICD-11-shaped import: {options.icd_rows} rows in "
              f"{time.perf_counter() - started:.1f} s ({report.error_count} errors)")  # fmt: skip
        started = time.perf_counter()
        data, samples = generated_rows(options.concepts)
        report = importers.import_data(
            format="csv", data=data, file_name="generated.csv", dry_run=False, actor=None
        )
        print(f"CSV import: {options.concepts * 4} designations in "
              f"{time.perf_counter() - started:.1f} s ({report.error_count} errors)")  # fmt: skip
    else:
        samples = [f"{w} {n}" for n, w in enumerate(ENGLISH[:6])]
    print(f"Designations loaded: {Designation.objects.count():,}")
    QUERIES["generated term"] = samples[:6] or ["spleen qi 10"]
    icd_codes = list(
        ConceptCode.objects.filter(system__slug="icd11-mms").values_list("code", flat=True)[:400]
    )
    QUERIES["icd-shaped code"] = icd_codes[::80][:5] or ["1A00"]

    print(f"\n{'query form':24} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'hits':>8}  verdict")
    worst = 0.0
    for form, queries in QUERIES.items():
        timings: list[float] = []
        hits = 0
        for query in queries:
            selectors.search_concepts(query=query, limit=20)  # warm
            for _ in range(options.repeat):
                started = time.perf_counter()
                result = selectors.search_concepts(query=query, limit=20)
                timings.append((time.perf_counter() - started) * 1000)
            hits += result.total
        p95 = percentile(timings, 0.95)
        worst = max(worst, p95)
        print(
            f"{form:24} {statistics.median(timings):8.2f} {p95:8.2f} "
            f"{percentile(timings, 0.99):8.2f} {hits:8d}  {'ok' if p95 < 10 else 'OVER 10 ms'}"
        )
    print(f"\nworst p95: {worst:.2f} ms (target < 10 ms) on {url.split(':')[0]}")


if __name__ == "__main__":
    main()
