"""Every spaCy factory of the project, registered in one place."""
from __future__ import annotations

from spacy.language import Language

from extractors.candidates import register_extensions
from extractors.form_rules import FormRules
from extractors.gazetteer_ruler import GazetteerRuler
from extractors.line_breaks import LineBreaks
from extractors.mentions import MentionSettler
from extractors.relations import RelationExtractor

register_extensions()


@Language.factory("kg_line_breaks")
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks(nlp, name)


@Language.factory("kg_gazetteer_ruler")
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, name)


@Language.factory("kg_form_rules")
def make_form_rules(nlp: Language, name: str) -> FormRules:
    return FormRules(nlp, name)


@Language.factory("kg_mentions")
def make_mentions(nlp: Language, name: str) -> MentionSettler:
    return MentionSettler(nlp, name)


@Language.factory("kg_relations")
def make_relations(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(nlp, name)
