"""Hooks of the English test plug: a blank spaCy pipeline (no model to download) and its entity stage.

The pipeline splits sentences with spaCy's rule-based sentencizer, finds the names of `names.json` with an
EntityRuler, and gives every word its lower-cased form as lemma (nouns, or proper nouns inside a name), so
that stories can be clustered on what the articles say. Entities are the ruler's spans, one entity per
distinct name.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.tokens import Doc

from recoupe.lang import Language
from recoupe.records import Entity, Mention

COMPONENT = "recoupe_test_lowercase_lemmas"


@SpacyLanguage.component(COMPONENT)
def lowercase_lemmas(doc: Doc) -> Doc:
    """Give each word its lower-cased form as lemma, tagged PROPN inside a name and NOUN elsewhere."""
    for token in doc:
        if token.is_alpha:
            token.lemma_ = token.lower_
            token.pos_ = "PROPN" if token.ent_type_ else "NOUN"
    return doc


def make_nlp(lang: Language) -> SpacyLanguage:
    """A blank English pipeline: sentences, the plug's names as entities, lower-cased lemmas."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(lang.json("names.json")["patterns"])  # type: ignore[attr-defined]
    nlp.add_pipe(COMPONENT)
    return nlp


def find_entities(doc: Doc, lang: Language, article_id: str = "") -> list[Entity]:
    """One entity per distinct name the ruler found, with every mention, in order of first mention."""
    labels: dict[str, Any] = lang.json("names.json")["labels"]
    found: dict[tuple[str, str], Entity] = {}
    for span in doc.ents:
        etype = labels.get(span.label_, "MISC")
        entity = found.get((span.text, etype))
        if entity is None:
            entity = found[(span.text, etype)] = Entity(name=span.text, type=etype, aliases=[span.text],
                                                        id=f"{article_id}:e{len(found)}")
        entity.mentions.append(Mention(article_id, span.start_char, span.end_char, span.text))
    return list(found.values())
