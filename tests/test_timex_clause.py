"""A weekday before the "que" of a complement clause belongs to the reporting verb, not to the clause."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.timex.tagger import tag_timexes

# Friday 23 July 2021: "jeudi" in past reporting is the 22nd, in future reporting the 29th.
DCT = "2021-07-23"


def weekday_value(nlp: Any, fr: Any, text: str) -> str:
    """The value of the first weekday expression of `text` published on DCT."""
    return next(t.value for t in tag_timexes(text, DCT, fr, doc=nlp(text), article_id="t")
                if t.mention.text.lower().startswith("jeudi"))


@pytest.mark.parametrize("text", [
    "De son côté, le chef de la diplomatie tchèque, Jan Novak a annoncé, jeudi soir, que le Premier "
    "ministre se rendra à Berlin et rencontrera le chancelier.",
    "Pour sa part, la porte-parole du gouvernement, Anna Berg a indiqué, jeudi soir, que la délégation "
    "partira la semaine prochaine pour Genève.",
    "Le ministre a assuré jeudi que son pays signera l'accord avant la fin de l'année.",
    "La présidente de la région a confirmé, jeudi, que les travaux reprendront en septembre.",
])
def test_a_weekday_before_a_future_complement_clause_is_past(nlp: Any, fr: Any, text: str) -> None:
    assert weekday_value(nlp, fr, text).startswith("2021-07-22")


@pytest.mark.parametrize("text", [
    "Le ministre a annoncé que le Premier ministre se rendra jeudi à Berlin.",
    "La porte-parole a indiqué que la délégation partira jeudi soir pour Genève.",
])
def test_a_weekday_inside_the_future_clause_stays_future(nlp: Any, fr: Any, text: str) -> None:
    assert weekday_value(nlp, fr, text).startswith("2021-07-29")


# Hand-built parses in which the parser hung the weekday under the complement clause's future verb (as
# fr_core_news_md does on some long sentences with a name in apposition): the rule must not trust it.
PAST_AUX = "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
PARTICIPLE = "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"
FUTURE = "Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin"


def misparsed(verb: str, lemma: str, future: str, future_lemma: str, subject: str) -> Any:
    """ "Le ministre a <verb>, jeudi, que <subject> <future> ." with "jeudi" attached to <future>."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Le", "ministre", "a", verb, ",", "jeudi", ",", "que", "le", subject, future, "."]
    heads = [1, 3, 3, 10, 3, 10, 5, 10, 9, 10, 10, 10]
    deps = ["det", "nsubj", "aux:tense", "parataxis", "punct", "obl:mod", "punct", "mark", "det", "nsubj",
            "ROOT", "punct"]
    pos = ["DET", "NOUN", "AUX", "VERB", "PUNCT", "NOUN", "PUNCT", "SCONJ", "DET", "NOUN", "VERB", "PUNCT"]
    morphs = ["", "", PAST_AUX, PARTICIPLE, "", "", "", "", "", "", FUTURE, ""]
    lemmas = ["le", "ministre", "avoir", lemma, ",", "jeudi", ",", "que", "le", subject, future_lemma, "."]
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, morphs=morphs, lemmas=lemmas)


@pytest.mark.parametrize(("verb", "lemma", "future", "future_lemma", "subject"), [
    ("annoncé", "annoncer", "viendra", "venir", "président"),
    ("indiqué", "indiquer", "partira", "partir", "délégation"),
    ("assuré", "assurer", "signera", "signer", "gouvernement"),
])
def test_a_misattached_weekday_takes_the_reporting_verbs_past(fr: Any, verb: str, lemma: str, future: str,
                                                               future_lemma: str, subject: str) -> None:
    from recoupe.read.timex.patterns import get_grammar
    from recoupe.read.timex.tense import find_direction

    doc = misparsed(verb, lemma, future, future_lemma, subject)
    start = doc[5].idx
    assert find_direction(doc.text, start, start + len("jeudi"), get_grammar(fr), doc) == "past"
