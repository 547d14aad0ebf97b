"""Search in any script: Chinese characters (simplified or traditional), pinyin with or
without tone marks and spaces, English and every member language, and codes in loose
form ("st36", "ST 36", "ST-36").

Every code, term and definition is reduced to *keys* (see ``keys_for``) stored in
``SearchKey``; a query is reduced the same way and answered by equality lookups on an
indexed column, which works alike on SQLite and PostgreSQL and needs no word segmenter
for Chinese (docs/decisions/0006-terminology-search.md).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

MAX_KEY = 64
MAX_QUERY = 200
# Longest prefix indexed for a word or a single-token term.
PREFIX_MAX = 10

# Weights: the lower, the better. A match's score is the best weight among its keys.
CODE, PREFERRED, SYNONYM, DEFINITION = 0, 10, 20, 30
EXACT, WORD, PREFIX = 0, 2, 4

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,;:()\[\]{}'’\"“”·・、，。；：（）《》]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_EXTRA_FOLDS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i"})


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[int, str]:
    """Character pairs from the point names the project ships (simplified ↔ traditional),
    plus common characters of medical terms."""
    from huitong.terminology.data.acupoints import MERIDIANS, POINTS

    table: dict[int, str] = {}
    for entry in [*POINTS, *MERIDIANS]:
        simplified, traditional = entry["zh_hans"], entry["zh_hant"]
        if len(simplified) == len(traditional):
            for s, t in zip(simplified, traditional, strict=True):
                if s != t:
                    table[ord(t)] = s
    for traditional, simplified in zip(
        "證醫藥脈經氣陰陽虛實濕熱風寒腎肝脾肺衛營血痺痛頭腦腸膽膀胱針灸療學體",
        "证医药脉经气阴阳虚实湿热风寒肾肝脾肺卫营血痹痛头脑肠胆膀胱针灸疗学体",
        strict=True,
    ):
        table.setdefault(ord(traditional), simplified)
    return table


def fold(text: str) -> str:
    """Case, accents, tone marks and traditional characters folded away."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_traditional_to_simplified()).translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in text if c.isprintable())


def words(text: str) -> list[str]:
    return [w for w in _SEPARATORS.split(fold(text)) if w]


def compact(text: str) -> str:
    return "".join(words(text))[:MAX_KEY]


def _prefixes(word: str, shortest: int) -> list[str]:
    return [word[:n] for n in range(shortest, min(len(word), PREFIX_MAX) + 1)]


def keys_for(
    text: str, base: int, *, is_code: bool = False, compact_prefixes: bool = False
) -> dict[str, int]:
    """Keys of one code, term or definition, each with its weight.

    ``compact_prefixes`` also indexes prefixes of the text with its spaces removed, for
    pinyin written with or without spaces ("pí qì xū" found by "piqixu").
    """
    found: dict[str, int] = {}

    def add(key: str, weight: int) -> None:
        key = key[:MAX_KEY]
        if key and weight < found.get(key, 10_000):
            found[key] = weight

    tokens = words(text)
    whole = "".join(tokens)[:MAX_KEY]
    if not whole:
        return found
    add(whole, base + EXACT)
    if base == DEFINITION:
        for token in tokens:
            if len(token) > 2:
                add(token, base + WORD)
        return found
    shortest = 2 if (is_code or _CJK.search(whole)) else 3
    if is_code or compact_prefixes or len(tokens) == 1 or _CJK.search(whole):
        for prefix in _prefixes(whole, shortest):
            add(prefix, base + PREFIX)
    for token in tokens:
        add(token, base + WORD)
        for prefix in _prefixes(token, shortest):
            add(prefix, base + PREFIX)
    if _CJK.search(whole):
        characters = [c for c in whole if _CJK.match(c)]
        for first, second in itertools.pairwise(characters):
            add(first + second, base + WORD)
    return found


def concept_keys(
    *,
    codes: list[tuple[str, str]],
    terms: list[tuple[str, str, bool]],
    definitions: list[str],
) -> dict[str, int]:
    """All keys of one concept: its codes as (code, reference prefix), its accepted terms
    as (language, text, is_preferred), and its definitions in any language."""
    keys: dict[str, int] = {}

    def merge(found: dict[str, int]) -> None:
        for key, weight in found.items():
            if weight < keys.get(key, 10_000):
                keys[key] = weight

    for code, prefix in codes:
        merge(keys_for(code, CODE, is_code=True))
        merge(keys_for(f"{prefix}{code}", CODE + 1))
    for language, text, is_preferred in terms:
        pinyin = language.lower().startswith("zh-latn")
        merge(keys_for(text, PREFERRED if is_preferred else SYNONYM, compact_prefixes=pinyin))
    for definition in definitions:
        if definition:
            merge(keys_for(definition, DEFINITION))
    return keys


def query_keys(query: str) -> tuple[str, list[str]]:
    """The whole-query key and the per-word keys of a search box's input."""
    query = query[:MAX_QUERY]
    tokens = [t[:MAX_KEY] for t in words(query)][:8]
    return "".join(tokens)[:MAX_KEY], tokens
