"""The web interface in French and English: a small catalog per language and how a request picks one.

Every string the templates show goes through `t(key, **values)` (a Jinja global):
the catalog `<lang>.json` maps a key to a text with `{name}` placeholders, and a key's
`_one` variant is used for a count that takes the singular (1; in French 0 and 1). A reader's choice (`?lang=` then the
`lang` cookie) wins over the browser's Accept-Language; with neither, English. Values from the store are
shown as stored, except the "unknown source" marker of an outlet, which the `outlet` filter says in the page's
language; state codes ("reports", "silent") stay codes in data and are worded by the templates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request

from recoupe.clean.outlets import UNKNOWN_SOURCE

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
# How long the language switch is remembered (seconds): a year, a reader's preference rarely changes.
COOKIE_AGE_S = 365 * 24 * 3600


def read_catalog(language: str) -> Mapping[str, str]:
    """The catalog of one interface language (key -> text), read from the package, read-only."""
    text = (resources.files("recoupe.serve.i18n") / f"{language}.json").read_text(encoding="utf-8")
    catalog: dict[str, str] = json.loads(text)
    return MappingProxyType(catalog)


# Both catalogs, read once when the app is imported (a few KB) and never changed.
CATALOGS: Mapping[str, Mapping[str, str]] = MappingProxyType({code: read_catalog(code) for code in LANGUAGES})


# Each language's own name, shown on the switch in that language (so a reader finds theirs): its catalog says it.
NATIVE_NAMES: Mapping[str, str] = MappingProxyType({code: CATALOGS[code]["language.native_name"]
                                                    for code in LANGUAGES})


def load_catalog(language: str) -> Mapping[str, str]:
    """The catalog of an interface language; English's for a language there is none of."""
    return CATALOGS.get(language, CATALOGS[DEFAULT_LANGUAGE])


def translate(language: str, key: str, default: str | None = None, **values: Any) -> str:
    """The text of `key` in `language` with its placeholders filled; `default` (else the key) when no catalog
    has it (a value from the store with no translation, such as a rare date precision, is shown as is).

    A `count` that takes the singular picks the `<key>_one` variant when there is one.
    """
    catalog = load_catalog(language)
    count = values.get("count")
    if isinstance(count, int) and _is_singular(language, count) and f"{key}_one" in catalog:
        key = f"{key}_one"
    text = catalog.get(key) or load_catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return default if default is not None else key
    return text.format(**values) if values else text


def _is_singular(language: str, count: int) -> bool:
    """Whether a count takes the singular: 1 in English; 0 and 1 in French (« 0 article »)."""
    return count in (0, 1) if language == "fr" else count == 1


@jinja2.pass_context
def template_translate(context: jinja2.runtime.Context, key: str, default: str | None = None, **values: Any) -> str:
    """`t(key, ...)` in a template: the text in the page's language (the `lang` of the render context)."""
    return translate(str(context.get("lang") or DEFAULT_LANGUAGE), key, default, **values)


@jinja2.pass_context
def template_outlet(context: jinja2.runtime.Context, label: str) -> str:
    """`label|outlet` in a template: an outlet's label as stored, except the store's "unknown source" marker,
    which is interface text and so is said in the page's language."""
    if label != UNKNOWN_SOURCE:
        return label
    return translate(str(context.get("lang") or DEFAULT_LANGUAGE), "outlet.unknown", label)


def parse_accept_language(header: str | None) -> str | None:
    """The interface language the browser prefers most among those there are, from Accept-Language."""
    best: tuple[float, int, str] | None = None
    for order, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        base = tag.strip().lower().split("-")[0]
        if base in LANGUAGES and quality > 0 and (best is None or (-quality, order) < (-best[0], best[1])):
            best = (quality, order, base)
    return best[2] if best else None


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The interface language of a request: the switch (query), then the remembered choice, then the browser."""
    for choice in (query, cookie):
        if choice and choice.lower() in LANGUAGES:
            return choice.lower()
    return parse_accept_language(accept) or DEFAULT_LANGUAGE


def language_of(request: Request) -> str:
    """The interface language chosen for this request (set by the app's language middleware)."""
    return str(getattr(request.state, "lang", None) or choose_language(None, None, None))


def interface_context(request: Request) -> dict[str, Any]:
    """What every page needs to speak the reader's language: `lang` and the switch's links (this page in
    each language)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    switch = [(code, NATIVE_NAMES[code], f"{request.url.path}?{urlencode([*params, ('lang', code)])}")
              for code in LANGUAGES]
    return {"lang": language_of(request), "switch": switch}
