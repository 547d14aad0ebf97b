"""The interface catalogues (src/huitong/locale) are complete, compiled and in use.

See docs/translations.md for how to update them after changing strings.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

SOURCE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = SOURCE_DIR / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "sr_Latn": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "pt_BR": "nplurals=2; plural=(n > 1);",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")

Key = tuple[str | None, str]


def _po(language: str) -> polib.POFile:
    path = LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing: run makemessages (docs/translations.md)"
    return polib.pofile(str(path))


def _mo(language: str) -> polib.MOFile:
    path = LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.mo"
    assert path.is_file(), f"{path} is missing: run compilemessages (docs/translations.md)"
    return polib.mofile(str(path))


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, "the catalogue has no Plural-Forms header"
    return int(match.group(1))


def _translations(entry: polib.POEntry | polib.MOEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _as_dict(entries: Any) -> dict[Key, tuple[str, ...]]:
    return {
        (entry.msgctxt, entry.msgid): tuple(_translations(entry))
        for entry in entries
        if entry.msgid
        and not entry.obsolete
        and "fuzzy" not in entry.flags
        and all(_translations(entry))
    }


def _translation_of(language: str, msgid: str) -> str:
    entry = _po(language).find(msgid)
    assert entry is not None, f"“{msgid}” is not in the {language} catalogue"
    assert entry.msgstr, f"“{msgid}” is not translated in the {language} catalogue"
    return str(entry.msgstr)


# --- The source strings, found the way makemessages finds them -------------------------

PYTHON_KEYWORDS = {
    # name: (index of the context argument or None, index of the message)
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(")
STRING_LITERAL = re.compile(r"""\s*(u(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))\s*,?""")


def _source_files(*suffixes: str) -> list[Path]:
    return sorted(
        path
        for path in SOURCE_DIR.rglob("*")
        if path.suffix in suffixes
        and path.is_file()
        and "locale" not in path.relative_to(SOURCE_DIR).parts
        and not any(part.startswith(".") for part in path.relative_to(SOURCE_DIR).parts)
    )


def _python_strings(path: Path) -> set[Key]:
    found: set[Key] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in PYTHON_KEYWORDS:
            continue
        context_index, message_index = PYTHON_KEYWORDS[name]
        args = node.args
        if len(args) <= message_index:
            continue
        message = args[message_index]
        context = args[context_index] if context_index is not None else None
        if not (isinstance(message, ast.Constant) and isinstance(message.value, str)):
            continue
        if context is not None and not (
            isinstance(context, ast.Constant) and isinstance(context.value, str)
        ):
            continue
        context_text = str(context.value) if context is not None else None
        found.add((context_text, message.value))
    return found


def _template_strings(path: Path) -> set[Key]:
    found: set[Key] = set()
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for call in TEMPLATE_CALL.finditer(text):
        position = call.end()
        literals: list[str] = []
        while match := STRING_LITERAL.match(text, position):
            literals.append(ast.literal_eval(match.group(1)))
            position = match.end()
        if not literals:
            continue
        if call.group(1).startswith(("pgettext", "npgettext")):
            found.add((literals[0], literals[1]))
        else:
            found.add((None, literals[0]))
    return found


def _source_strings() -> dict[Key, Path]:
    strings: dict[Key, Path] = {}
    for path in _source_files(".py"):
        strings.update(dict.fromkeys(_python_strings(path), path))
    # makemessages reads .html and .txt templates; .svg ones are scanned here so that a
    # string put there fails loudly instead of never reaching the catalogue.
    for path in _source_files(".html", ".txt", ".svg"):
        strings.update(dict.fromkeys(_template_strings(path), path))
    return strings


# --- The tests ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_in(language: str) -> None:
    po = _po(language)
    assert len(po) > 100, "the catalogue is nearly empty: run makemessages"
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy"
    expected_plural = PLURAL_FORMS.get(to_locale(language))
    if expected_plural:
        assert " ".join(po.metadata["Plural-Forms"].split()) == expected_plural
    nplurals = _nplurals(po)
    fuzzy = [entry.msgid for entry in po if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    untranslated = [entry.msgid for entry in po if not all(_translations(entry))]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    wrong_plurals = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(nplurals))
    ]
    assert not wrong_plurals, f"need msgstr[0..{nplurals - 1}] in {language}: {wrong_plurals}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation_in(language: str) -> None:
    wrong = []
    for entry in _po(language):
        wanted = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        for text in _translations(entry):
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry.msgid, text))
    assert not wrong, f"placeholders differ in {language}: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_tags_survive_translation_in(language: str) -> None:
    wrong = []
    for entry in _po(language):
        wanted = Counter(HTML_TAG.findall(entry.msgid))
        for text in _translations(entry):
            if Counter(HTML_TAG.findall(text)) != wanted:
                wrong.append((entry.msgid, text))
    assert not wrong, f"HTML tags differ in {language}: {wrong}"


def test_serbian_is_written_in_latin_script() -> None:
    wrong = []
    for entry in _po("sr-latn"):
        allowed = set(CYRILLIC_WORD.findall(entry.msgid))  # e.g. a sample name in Cyrillic
        for text in _translations(entry):
            if set(CYRILLIC_WORD.findall(text)) - allowed:
                wrong.append(text)
    assert not wrong, f"Cyrillic in the sr-latn catalogue: {wrong}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_in(language: str) -> None:
    translated = _as_dict(_po(language))
    compiled = _as_dict(_mo(language))
    assert compiled == translated, "django.mo is out of date: run compilemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_every_source_string_in(language: str) -> None:
    catalogue = {(entry.msgctxt, entry.msgid) for entry in _po(language) if not entry.obsolete}
    source = _source_strings()
    assert len(source) > 100, "the scan of the source found almost nothing: fix the test"
    missing = {
        f"{path.relative_to(SOURCE_DIR)}: {msgid!r}"
        for (context, msgid), path in source.items()
        if (context, msgid) not in catalogue
    }
    assert not missing, (
        f"not in the {language} catalogue, run makemessages (docs/translations.md); strings "
        f"in .svg templates are never extracted, translate them in the including page: "
        f"{sorted(missing)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_page_is_translated_in(language: str, client: Client, db: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    log_in = _translation_of(language, "Log in")
    assert log_in != "Log in"
    assert f"<h1>{escape(log_in)}</h1>" in html
    assert f'<button type="submit">{escape(log_in)}</button>' in html
    assert escape(_translation_of(language, "Forgot your password?")) in html
