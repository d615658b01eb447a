"""The shared vocabulary: one home for month names, look-alike letters, status words, header words, thresholds.

Every stage must hold the same tables (not copies that drift apart), and a
setting or word changed in the file must change what every stage does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planwatch import vocabulary as shared
from planwatch.extract import action_table, common
from planwatch.ingest.triage import default_triage
from planwatch.normalise import dates, rag

SHIPPED = Path(shared.__file__).with_name("vocabulary.toml")


def test_every_stage_holds_the_same_tables():
    assert dates.MONTHS is shared.MONTHS
    assert rag.CONFUSABLES is shared.LOOKALIKES
    assert rag.SMALL_CAPITALS is shared.SMALL_CAPITALS
    assert default_triage().fold is shared.LOOKALIKE_TABLE
    assert common.fold_lookalikes is shared.fold_lookalikes
    assert common.vocabulary()["columns"] is shared.COLUMNS
    assert common.vocabulary()["matching"] is shared.MATCHING
    assert action_table.ActionTableSettings().minimums() == {
        "min_roles": shared.MATCHING["min_roles"], "min_roles_with_action": shared.MATCHING["min_roles_with_action"],
    }


def test_status_words_reach_cells_keys_and_the_normaliser():
    vocab = common.vocabulary()
    for word in shared.SCALE_WORDS:
        assert word in vocab["cells"]["status"] and word in vocab["rag_key"]["labels"]
    for word, status in shared.STATUS_COLOURS.items():
        assert rag.STATUS_WORDS[word].value == status
        assert common.is_status(word.title())


def test_month_words_and_look_alikes_agree_across_stages():
    for word, number in shared.MONTHS.items():
        if len(word) > 3:
            assert dates.due_date(f"{word.title()} 2024") is not None, word
            assert common.is_timescale(f"{word.title()} 24"), word
    for letter, latin in shared.LOOKALIKES.items():
        assert common.fold_lookalikes(letter) == latin


PROBE = """
import json
from planwatch.extract.columns import header_columns
from planwatch.extract.common import fold_lookalikes, is_timescale
from planwatch.ingest.triage import default_triage
from planwatch.normalise.dates import due_date
from planwatch.normalise.rag import rag_from_text
triage = default_triage()
print(json.dumps({
    "header": header_columns(["Action", "Lead"]) is not None,
    "triage_header": "action table header" in triage.reasons("Action  Lead\\nDo it  DCS"),
    "due": due_date("Setembro 2024"),
    "timescale": is_timescale("Setembro 24"),
    "fold": fold_lookalikes("\\u0434"),
    "rag": rag_from_text("Verde"),
}))
"""


def _probe(vocabulary_file: Path | None) -> dict:
    env = dict(os.environ)
    env.pop(shared.ENVIRONMENT_VARIABLE, None)
    if vocabulary_file is not None:
        env[shared.ENVIRONMENT_VARIABLE] = str(vocabulary_file)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_setting_or_word_changed_in_the_file_changes_every_stage(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    changed = (
        text.replace('min_roles_with_action = 2', 'min_roles_with_action = 3')
        .replace('min_roles = 3', 'min_roles = 5')
        .replace('["september", "sept", "sep"]', '["september", "sept", "sep", "setembro"]')
        .replace('"τ" = "T" }', '"τ" = "T", "д" = "D" }')
        .replace('green = ["green"]', 'green = ["green", "verde"]')
    )
    assert changed.count("setembro") == 1 and '"д"' in changed and "verde" in changed
    trial = tmp_path / "vocabulary.toml"
    trial.write_text(changed, encoding="utf-8")
    before, after = _probe(None), _probe(trial)
    assert before == {"header": True, "triage_header": True, "due": None, "timescale": False, "fold": "д", "rag": None}
    assert after == {
        "header": False, "triage_header": False, "due": "2024-09-30", "timescale": True, "fold": "D", "rag": "green",
    }


def test_a_wrong_setting_is_refused_with_its_name(tmp_path):
    trial = tmp_path / "vocabulary.toml"
    trial.write_text(SHIPPED.read_text(encoding="utf-8").replace("min_score = 88", "min_score = 188"), encoding="utf-8")
    with pytest.raises(ValueError, match="'matching.min_score' must be between 0 and 100"):
        shared.load(trial)
    trial.write_text(SHIPPED.read_text(encoding="utf-8").replace('green = ["green"]', 'teal = ["green"]'), encoding="utf-8")
    with pytest.raises(ValueError, match="status 'teal' is not one of"):
        shared.load(trial)


def test_a_vocabulary_file_that_cannot_be_read_is_named(tmp_path):
    with pytest.raises(ValueError, match="missing.toml: the vocabulary file cannot be read"):
        shared.load(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[months\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.toml: the vocabulary file cannot be read"):
        shared.load(broken)
    partial = tmp_path / "partial.toml"
    partial.write_text(SHIPPED.read_text(encoding="utf-8").split("[statuses]")[0], encoding="utf-8")
    with pytest.raises(ValueError, match="partial.toml: the vocabulary file has no 'statuses.letters'"):
        shared.load(partial)
