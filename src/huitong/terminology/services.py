"""Every write to the terminology: concepts, designations and their review, codes,
relations, mappings, the search index and usage in content. Each change is recorded in
the audit log with what it was before, so a concept's history shows who changed what."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from huitong.accounts.models import User
from huitong.core import cache as data_cache
from huitong.core.audit import ACTIONS, audit_record
from huitong.core.errors import Conflict, NotAllowed, ServiceError
from huitong.terminology import search
from huitong.terminology.models import (
    ACCEPTED_STATUSES,
    CodeSystem,
    Concept,
    ConceptCode,
    ConceptKind,
    Designation,
    DesignationStatus,
    DesignationUse,
    Mapping,
    MappingRelationship,
    Relation,
    RelationType,
    SearchKey,
    validate_language_tag,
)

ACTIONS.update(
    {
        "concept.create": _("created the concept"),
        "concept.update": _("edited the concept"),
        "designation.add": _("added a term"),
        "designation.propose": _("proposed a term"),
        "designation.approve": _("approved a proposed term"),
        "designation.reject": _("rejected a proposed term"),
        "designation.deprecate": _("deprecated a term"),
        "code.add": _("added a code"),
        "relation.add": _("added a relation"),
        "mapping.create": _("mapped the concept"),
        "mapping.delete": _("removed a mapping"),
    }
)

LABEL_LANGUAGES = ("en", "zh-Latn-pinyin", "zh-Hans")


@dataclass
class TermSpec:
    """A designation to create with a concept."""

    language: str
    text: str
    use: str = DesignationUse.SYNONYM
    status: str = DesignationStatus.APPROVED
    source: str = ""


@dataclass
class ConceptSpec:
    kind: str
    terms: list[TermSpec]
    codes: list[tuple[CodeSystem, str]] = field(default_factory=list)
    definition: str = ""
    definition_language: str = "en"
    definition_translations: dict[str, str] = field(default_factory=dict)
    source: str = ""
    sort_key: str = ""


# --- Labels and the search index ------------------------------------------------------


def best_label(designations: Iterable[Designation], codes: Iterable[ConceptCode] = ()) -> str:
    accepted = [d for d in designations if d.status in ACCEPTED_STATUSES]
    for language in LABEL_LANGUAGES:
        for designation in accepted:
            if designation.language == language and designation.use == DesignationUse.PREFERRED:
                return designation.text
    if accepted:
        return accepted[0].text
    first_code = next(iter(codes), None)
    return str(first_code) if first_code is not None else "?"


def index_entries(concept: Concept) -> list[SearchKey]:
    """The search keys of one concept (its designations and codes must be loaded)."""
    keys = search.concept_keys(
        codes=[(c.code, c.system.reference_prefix) for c in concept.codes.all()],
        terms=[
            (d.language, d.text, d.use == DesignationUse.PREFERRED)
            for d in concept.designations.all()
            if d.status in ACCEPTED_STATUSES
        ],
        definitions=[concept.definition]
        + [texts.get("definition", "") for texts in (concept.translations or {}).values()],
    )
    return [SearchKey(concept=concept, key=key, weight=weight) for key, weight in keys.items()]


def reindex(concepts: Iterable[Concept]) -> None:
    """Rebuild the label and search keys of these concepts."""
    ids = [c.pk for c in concepts]
    fresh = list(
        Concept.objects.filter(pk__in=ids).prefetch_related("designations", "codes__system")
    )
    SearchKey.objects.filter(concept_id__in=ids).delete()
    entries: list[SearchKey] = []
    for concept in fresh:
        label = best_label(concept.designations.all(), concept.codes.all())[:500]
        if concept.label != label:
            Concept.objects.filter(pk=concept.pk).update(label=label)
        entries.extend(index_entries(concept))
    SearchKey.objects.bulk_create(entries, batch_size=2000)
    transaction.on_commit(data_cache.bump)


# --- Concepts -------------------------------------------------------------------------


def _clean_term(term: TermSpec) -> TermSpec:
    term.text = " ".join(term.text.split())
    if not term.text:
        raise ServiceError(_("A term cannot be empty."), code="invalid")
    if len(term.text) > 500:
        raise ServiceError(_("A term is longer than 500 characters."), code="invalid")
    validate_language_tag(term.language)
    if term.use not in DesignationUse.values or term.status not in DesignationStatus.values:
        raise ServiceError(_("Select a valid choice."), code="invalid")
    return term


def concept_create(*, actor: User | None, spec: ConceptSpec, reindex_now: bool = True) -> Concept:
    if spec.kind not in ConceptKind.values:
        raise ServiceError(
            _("“%(kind)s” is not a kind of concept.") % {"kind": spec.kind}, code="invalid_kind"
        )
    terms = [_clean_term(t) for t in spec.terms]
    if not terms and not spec.codes:
        raise ServiceError(_("A concept needs a term or a code."), code="invalid")
    for system, code in spec.codes:
        system.validate_code(code)
    concept = Concept(
        kind=spec.kind,
        label=best_label([Designation(**t.__dict__) for t in terms])[:500]
        if terms
        else f"{spec.codes[0][0].reference_prefix}:{spec.codes[0][1]}",
        definition=spec.definition,
        original_language=_content_language(spec.definition_language),
        translations={
            _content_language(lang): {"definition": text}
            for lang, text in spec.definition_translations.items()
            if text
        },
        source=spec.source,
        sort_key=spec.sort_key,
    )
    concept.full_clean()
    try:
        with transaction.atomic():
            concept.save()
            Designation.objects.bulk_create(
                [Designation(concept=concept, **t.__dict__) for t in terms]
            )
            ConceptCode.objects.bulk_create(
                [ConceptCode(concept=concept, system=s, code=c) for s, c in spec.codes]
            )
            audit_record(
                actor=actor,
                action="concept.create",
                target=concept,
                data={"codes": [f"{s.reference_prefix}:{c}" for s, c in spec.codes]},
            )
            if reindex_now:
                reindex([concept])
    except IntegrityError:
        raise Conflict(
            _("A code of this concept already exists in its code system, or a term is repeated."),
            code="duplicate",
        ) from None
    return concept


def _content_language(tag: str) -> str:
    """Map a BCP 47 tag to the platform's content language codes (zh-Hans → zh-hans)."""
    from huitong.core.i18n import normalise_language

    return normalise_language(tag)


def concept_update(
    *,
    actor: User,
    concept: Concept,
    kind: str | None = None,
    definition: str | None = None,
    translations: dict[str, dict[str, str]] | None = None,
) -> Concept:
    before = {
        "kind": concept.kind,
        "definition": concept.definition,
        "translations": concept.translations,
    }
    if kind is not None:
        concept.kind = kind
    if definition is not None:
        concept.definition = definition
    if translations is not None:
        concept.translations = translations
    concept.full_clean()
    changed = {k: v for k, v in before.items() if getattr(concept, k) != v}
    if not changed:
        return concept
    with transaction.atomic():
        concept.save()
        audit_record(
            actor=actor,
            action="concept.update",
            target=concept,
            data={"before": changed, "after": {k: getattr(concept, k) for k in changed}},
        )
        reindex([concept])
    return concept


# --- Designations ---------------------------------------------------------------------


def _designation_create(
    *, actor: User | None, concept: Concept, term: TermSpec, action: str
) -> Designation:
    term = _clean_term(term)
    designation = Designation(concept=concept, proposed_by=actor, **term.__dict__)
    try:
        with transaction.atomic():
            designation.save()
            audit_record(
                actor=actor,
                action=action,
                target=concept,
                data={
                    "designation": designation.pk,
                    "language": term.language,
                    "text": term.text,
                    "use": term.use,
                    "status": term.status,
                },
            )
            reindex([concept])
    except IntegrityError:
        existing = Designation.objects.filter(
            concept=concept, language=term.language, text=term.text
        ).exists()
        raise Conflict(
            _("This concept already has this term in this language.")
            if existing
            else _("This concept already has a preferred term in this language."),
            code="duplicate_term",
        ) from None
    return designation


def designation_add(*, actor: User | None, concept: Concept, term: TermSpec) -> Designation:
    """An editor (or an import) adds an accepted term."""
    return _designation_create(actor=actor, concept=concept, term=term, action="designation.add")


def designation_propose(
    *, actor: User, concept: Concept, language: str, text: str, use: str, source: str = ""
) -> Designation:
    """A member proposes a term in their language; an editor decides on it."""
    term = TermSpec(
        language=language, text=text, use=use, status=DesignationStatus.PROPOSED, source=source
    )
    return _designation_create(
        actor=actor, concept=concept, term=term, action="designation.propose"
    )


def designation_review(
    *, actor: User, designation: Designation, approve: bool, comment: str = ""
) -> Designation:
    if len(comment) > 1000:
        raise ServiceError(_("The comment is longer than 1000 characters."), code="invalid")
    try:
        with transaction.atomic():
            locked = Designation.objects.select_for_update().get(pk=designation.pk)
            if locked.status != DesignationStatus.PROPOSED:
                raise Conflict(_("This term has already been reviewed."), code="already_reviewed")
            locked.status = DesignationStatus.APPROVED if approve else DesignationStatus.REJECTED
            locked.reviewed_by = actor
            locked.review_comment = comment.strip()
            locked.save(update_fields=["status", "reviewed_by", "review_comment", "updated_at"])
            audit_record(
                actor=actor,
                action="designation.approve" if approve else "designation.reject",
                target=locked.concept,
                data={
                    "designation": locked.pk,
                    "language": locked.language,
                    "text": locked.text,
                    "comment": comment,
                },
            )
            reindex([locked.concept])
    except IntegrityError:
        raise Conflict(
            _(
                "This concept already has a preferred term in this language. Deprecate it "
                "first, or approve the proposal as a synonym."
            ),
            code="preferred_exists",
        ) from None
    return locked


def designation_deprecate(*, actor: User, designation: Designation, comment: str = "") -> None:
    with transaction.atomic():
        locked = Designation.objects.select_for_update().get(pk=designation.pk)
        if locked.status not in ACCEPTED_STATUSES:
            raise Conflict(_("Only an accepted term can be deprecated."), code="invalid_state")
        locked.status = DesignationStatus.DEPRECATED
        locked.reviewed_by = actor
        locked.review_comment = comment[:1000]
        locked.save(update_fields=["status", "reviewed_by", "review_comment", "updated_at"])
        audit_record(
            actor=actor,
            action="designation.deprecate",
            target=locked.concept,
            data={"designation": locked.pk, "language": locked.language, "text": locked.text},
        )
        reindex([locked.concept])


# --- Codes, relations, mappings -------------------------------------------------------


def code_add(*, actor: User | None, concept: Concept, system: CodeSystem, code: str) -> ConceptCode:
    code = code.strip()
    system.validate_code(code)
    try:
        with transaction.atomic():
            entry = ConceptCode.objects.create(concept=concept, system=system, code=code)
            audit_record(
                actor=actor,
                action="code.add",
                target=concept,
                data={"code": f"{system.reference_prefix}:{code}"},
            )
            reindex([concept])
    except IntegrityError:
        raise Conflict(
            _("This code already exists in this code system."), code="duplicate_code"
        ) from None
    return entry


def relation_add(*, actor: User | None, source: Concept, target: Concept, type: str) -> Relation:
    if type not in RelationType.values:
        raise ServiceError(_("Select a valid choice."), code="invalid")
    if source.pk == target.pk:
        raise ServiceError(_("A concept cannot be related to itself."), code="invalid")
    with transaction.atomic():
        relation, created = Relation.objects.get_or_create(source=source, target=target, type=type)
        if created:
            audit_record(
                actor=actor,
                action="relation.add",
                target=source,
                data={"type": type, "target": target.pk, "target_label": target.label},
            )
    return relation


def mapping_create(
    *,
    actor: User | None,
    source: Concept,
    target: Concept,
    relationship: str,
    comment: str = "",
    provenance: str = "",
) -> Mapping:
    if relationship not in MappingRelationship.values:
        raise ServiceError(_("Select a valid choice."), code="invalid")
    if source.pk == target.pk:
        raise ServiceError(_("A concept cannot be mapped to itself."), code="invalid")
    mapping = Mapping(
        source=source,
        target=target,
        relationship=relationship,
        comment=comment.strip(),
        provenance=provenance.strip(),
        created_by=actor,
    )
    try:
        mapping.full_clean(validate_constraints=False)
    except ValidationError:
        raise
    try:
        with transaction.atomic():
            if Mapping.objects.filter(source=target, target=source).exists():
                raise IntegrityError
            mapping.save()
            audit_record(
                actor=actor,
                action="mapping.create",
                target=source,
                data={
                    "target": target.pk,
                    "target_label": target.label,
                    "relationship": relationship,
                },
            )
    except IntegrityError:
        raise Conflict(
            _("These two concepts are already mapped."), code="duplicate_mapping"
        ) from None
    transaction.on_commit(data_cache.bump)
    return mapping


def mapping_delete(*, actor: User, mapping: Mapping) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="mapping.delete",
            target=mapping.source,
            data={"target": mapping.target_id, "relationship": mapping.relationship},
        )
        mapping.delete()
    transaction.on_commit(data_cache.bump)


def require_editor(user: Any) -> None:
    from huitong.terminology.access import is_editor

    if not is_editor(user):
        raise NotAllowed(_("Only terminology editors may do this."), code="forbidden")
