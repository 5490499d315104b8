from pathlib import Path

import pytest

from hearsay.errors import SettingsError
from hearsay.settings import Settings, load_settings


def test_defaults_then_file_then_flags(tmp_path: Path) -> None:
    config = tmp_path / "hearsay.toml"
    config.write_text('[hearsay]\njobs = 2\nspacy_model = "en_core_web_md"\n', encoding="utf-8")
    settings = load_settings(config, jobs=3, max_bytes=None)
    assert settings.spacy_model == "en_core_web_md"
    assert settings.jobs == 3
    assert settings.max_bytes == Settings().max_bytes


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings(colour="blue")


def test_missing_settings_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_lists_become_tuples() -> None:
    assert load_settings(aliases_files=["a.json"]).aliases_files == ("a.json",)


def test_user_lexicon_files_are_read_from_the_settings_file(tmp_path: Path) -> None:
    config = tmp_path / "hearsay.toml"
    config.write_text(
        '[hearsay]\nboilerplate_files = ["chrome.json"]\nstance_lexicon_files = ["words.json"]\n'
        'languages = ["en", "uk"]\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert settings.boilerplate_files == ("chrome.json",)
    assert settings.stance_lexicon_files == ("words.json",)
    assert settings.languages == ("en", "uk")
    assert settings.genre_files == ()
