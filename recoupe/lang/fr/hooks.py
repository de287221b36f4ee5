"""Hooks of the French plug: the code that only French needs (recoupe finds it by the plug's folder).

The pipeline is the plug's spaCy model (`language.json`), loaded by `recoupe.read.nlp`; this module holds
what cannot be a word list, such as the grammar of French temporal expressions (`timex_rules`).
"""

from __future__ import annotations
