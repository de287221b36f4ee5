"""A read doc is let go whole: the hooks and tables the extractors hung on it are cleared once it is read."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.lang import load_language
from recoupe.read.reader import Reader, index_sentences, release_doc
from recoupe.records import Article

TEXTS = [
    "Le maire a inauguré lundi le nouveau pont. « C'est un grand jour », a-t-il déclaré devant 300 habitants.",
    "La grève des contrôleurs a perturbé le trafic ferroviaire mardi. Une réunion est prévue le 12 mars.",
    "Selon la préfecture, 2 000 foyers étaient encore privés d'électricité mercredi soir après la tempête.",
]


class KeepingPipe:
    """Wraps a spaCy pipeline so that the docs it gives are kept for the test to look at afterwards."""

    def __init__(self, nlp: Any) -> None:
        self.nlp, self.docs = nlp, []

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        for doc in self.nlp.pipe(texts, **kwargs):
            self.docs.append(doc)
            yield doc


@pytest.mark.parametrize("text", TEXTS)
def test_read_docs_keep_no_hooks_nor_tables(nlp: Any, text: str) -> None:
    lang = load_language("fr")
    keeping = KeepingPipe(nlp)
    reader = Reader(lang, nlp=keeping)  # type: ignore[arg-type]
    article = Article(id="a", raw_text=text, clean_text=text, published="2024-03-04")
    [reading] = reader.read_batch([article])
    [doc] = keeping.docs
    assert not doc.user_data and not doc.user_token_hooks and not doc.user_span_hooks
    again = Reader(lang, nlp=nlp).read_doc(article, nlp(text))  # read without the release: the same reading
    assert reading == again


def test_release_breaks_the_sentence_cycle(nlp: Any) -> None:
    doc = nlp(TEXTS[0])
    index_sentences(doc)
    assert doc[0].sent.doc is doc  # the hook's sentences point back at the doc
    release_doc(doc)
    assert not doc.user_token_hooks and doc[0].sent.start == 0  # spaCy's own sentence lookup again
