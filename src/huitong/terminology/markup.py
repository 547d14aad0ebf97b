"""Markdown with terms inside: ``[[ST36]]`` or ``[[ICD11:SF57]]`` in any Markdown text
becomes a link to the concept, showing the term in the reader's language with its code.

A reference that names no known concept is kept visible, marked as unknown, so an author
sees it; it is never silently dropped. Services that save Markdown call ``usage_sync`` so
that the concept page lists where it is used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import markdown
import nh3
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huitong.core import cache as data_cache
from huitong.terminology.models import CodeSystem, Concept, TermUsage

REFERENCE = re.compile(
    r"\[\[(?:([A-Za-z][A-Za-z0-9]{0,19}):)?([A-Za-z0-9][A-Za-z0-9.\- ]{0,63})\]\]"
)
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3",
    "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "sup", "sub",
}  # fmt: skip


@dataclass(frozen=True)
class Reference:
    raw: str
    prefix: str
    code: str


def references(text: str) -> list[Reference]:
    return [
        Reference(m.group(0), (m.group(1) or "").upper(), m.group(2).strip())
        for m in REFERENCE.finditer(text or "")
    ]


def resolve(refs: list[Reference]) -> dict[Reference, Concept | None]:
    from huitong.terminology.selectors import concept_by_code, with_terms

    systems = {s.reference_prefix.upper(): s for s in CodeSystem.objects.all()}
    found: dict[Reference, Concept | None] = {}
    for ref in set(refs):
        system = systems.get(ref.prefix) if ref.prefix else None
        if ref.prefix and system is None:
            found[ref] = None
            continue
        found[ref] = concept_by_code(system=system, code=ref.code)
    ids = [c.pk for c in found.values() if c is not None]
    loaded = {c.pk: c for c in with_terms(Concept.objects.filter(pk__in=ids))}
    return {ref: (loaded[c.pk] if c is not None else None) for ref, c in found.items()}


def _term_html(ref: Reference, concept: Concept | None) -> str:
    from huitong.terminology.selectors import display_term

    if concept is None:
        return format_html(
            '<span class="term-unknown" title="{}">{}</span>',
            _("Unknown term: no concept has this code."),
            ref.raw,
        )
    term = display_term(concept)
    shown = next(
        (c.code for c in concept.codes.all() if c.code.lower() == ref.code.lower()), ref.code
    )
    return format_html(
        '<a class="term" href="{}" lang="{}">{}</a> <span class="term-code">{}</span>',
        concept.get_absolute_url(),
        term.language,
        term.text,
        shown,
    )


def render(text: str) -> SafeString:
    """Sanitised HTML of Markdown ``text`` with its term references linked."""
    refs = references(text)
    placeholders: dict[str, str] = {}
    resolved = resolve(refs) if refs else {}

    def substitute(match: re.Match[str]) -> str:
        token = f"HUITONGTERM{len(placeholders)}X"
        ref = Reference(match.group(0), (match.group(1) or "").upper(), match.group(2).strip())
        placeholders[token] = _term_html(ref, resolved.get(ref))
        return token

    prepared = REFERENCE.sub(substitute, text or "")
    html = markdown.markdown(prepared, extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    for token, replacement in placeholders.items():
        clean = clean.replace(token, replacement)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3; term links built by format_html


def render_cached(text: str) -> SafeString:
    """``render``, kept in the cache per text (and per reading language when the text names
    terms) until the data changes: a course page or a lesson renders the same text for
    every learner."""
    if not text:
        return render(text)
    language = (get_language() or "") if REFERENCE.search(text) else "any"
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    html = data_cache.cached(f"markdown:{language}:{digest}", lambda: str(render(text)))
    return mark_safe(html)  # noqa: S308 - what render() returned, sanitised there


def unknown_references(text: str) -> list[str]:
    """The references an author wrote that name no concept (shown on edit forms)."""
    refs = references(text)
    return sorted({ref.raw for ref, concept in resolve(refs).items() if concept is None})


def usage_sync(
    *, obj: models.Model, field: str, text: str, title: str, url: str, group: str = ""
) -> None:
    """Record which concepts ``obj.field`` names (replacing what it named before).

    ``group`` names the whole the object is part of (``courses.course.12``), whose
    glossary then includes these concepts."""
    content_type = ContentType.objects.get_for_model(obj)
    concepts = {c.pk for c in resolve(references(text)).values() if c is not None}
    with transaction.atomic():
        TermUsage.objects.filter(
            content_type=content_type, object_id=str(obj.pk), field=field
        ).exclude(concept_id__in=concepts).delete()
        for concept_id in concepts:
            TermUsage.objects.update_or_create(
                concept_id=concept_id,
                content_type=content_type,
                object_id=str(obj.pk),
                field=field,
                defaults={"title": title[:300], "url": url[:300], "group": group[:100]},
            )
