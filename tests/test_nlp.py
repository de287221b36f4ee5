"""Loading spaCy: one pipeline per process, with only the components recoupe uses."""

from __future__ import annotations

from typing import Any

from recoupe.read.nlp import USED_COMPONENTS, load_nlp


def test_load_nlp_is_loaded_once_per_process(fr: Any, nlp: Any) -> None:
    assert load_nlp(fr) is nlp


def test_load_nlp_runs_only_the_components_recoupe_uses(nlp: Any) -> None:
    assert nlp.pipe_names
    assert set(nlp.pipe_names) <= set(USED_COMPONENTS)


def test_plugs_naming_the_same_model_share_one_pipeline(fr: Any, nlp: Any, tmp_path: Any) -> None:
    from recoupe.lang import Language

    other_plug = Language(code="xx", model=fr.model, folder=tmp_path)
    assert other_plug != fr
    assert load_nlp(other_plug) is nlp
