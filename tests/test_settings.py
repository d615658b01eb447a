"""Every settings dataclass resolves None, a dict or an instance the same way."""

from __future__ import annotations

import pytest

from planwatch.extract.action_table import ActionTableSettings
from planwatch.extract.cover import CoverSettings
from planwatch.extract.indicator_grid import GridSettings
from planwatch.extract.kpi_cards import CardSettings
from planwatch.extract.kpi_table import KpiTableSettings
from planwatch.extract.metadata import MetadataSettings
from planwatch.normalise.councils import CouncilSettings

SETTINGS = [ActionTableSettings, CoverSettings, GridSettings, CardSettings, KpiTableSettings,
            MetadataSettings, CouncilSettings]  # fmt: skip


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda cls: cls.__name__)
def test_resolve_takes_none_a_dict_or_an_instance(cls):
    assert cls.resolve(None) == cls()
    assert cls.resolve({}) == cls()
    given = cls()
    assert cls.resolve(given) is given


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda cls: cls.__name__)
def test_resolve_names_what_it_expected(cls):
    with pytest.raises(TypeError, match=rf"^{cls.__name__}: expected None, a dict or a {cls.__name__}, not list$"):
        cls.resolve([1])


def test_resolve_rejects_a_key_that_is_no_setting():
    with pytest.raises(TypeError, match="max_name_lnes"):
        CardSettings.resolve({"max_name_lnes": 2})
