"""Scenario values: canonical JSON, stable hashes, and clear refusals of bad scenarios."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koki_climate.errors import InputError
from koki_climate.scenario import (HORIZONS, MAX_PARCELS_PER_CHANGE, MAX_SCENARIO_JSON_CHARS, MAX_SCENARIO_JSON_DEPTH,
                                   PATHWAYS, LandUseChange, Scenario, json_nesting_depth)


def test_default_scenario_canonical_json_is_sorted_and_compact() -> None:
    expected = ('{"groundwater_offset_m":0.0,"horizon":"1991-2020","land_use_changes":[],'
                '"pathway":"historical","policy":"expected"}')
    assert Scenario().canonical_json() == expected
    assert Scenario().hash == hashlib.sha256(expected.encode()).hexdigest()[:16]


def test_hash_is_stable_across_processes() -> None:
    code = ("from koki_climate.scenario import Scenario, LandUseChange;"
            "print(Scenario('rcp85','2071-2100',0.5,(LandUseChange('unseal',('P2','P1'),0.5),)).hash)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    here = Scenario("rcp85", "2071-2100", 0.5, (LandUseChange("unseal", ("P1", "P2"), 0.5),)).hash
    assert out == here


def test_order_of_changes_and_parcels_does_not_change_the_hash() -> None:
    a = Scenario.from_dict({"pathway": "rcp45", "horizon": "2021-2050", "land_use_changes": [
        {"kind": "unseal", "parcels": ["P3", "P1", "P1"]}, {"kind": "develop_planned"}]})
    b = Scenario.from_dict({"pathway": "rcp45", "horizon": "2021-2050", "land_use_changes": [
        {"kind": "develop_planned"}, {"kind": "unseal", "parcels": ["P1", "P3"]}]})
    assert a == b and a.hash == b.hash


def test_float_noise_in_offset_does_not_change_the_hash() -> None:
    assert Scenario(groundwater_offset_m=0.1 + 0.2).hash == Scenario(groundwater_offset_m=0.3).hash
    assert Scenario(groundwater_offset_m=-0.0).hash == Scenario(groundwater_offset_m=0).hash


def test_different_scenarios_have_different_hashes() -> None:
    hashes = {Scenario(p, h).hash for p in PATHWAYS for h in HORIZONS
              if (p == "historical") == (h == "1991-2020")}
    assert len(hashes) == 7
    assert Scenario(policy="precautionary").hash != Scenario().hash


@given(pathway=st.sampled_from(PATHWAYS[1:]), horizon=st.sampled_from(HORIZONS[1:]),
       offset=st.floats(-5, 5, allow_nan=False), policy=st.sampled_from(["expected", "precautionary"]),
       parcels=st.lists(st.text("PQ0123456789", min_size=1, max_size=5), min_size=1, max_size=5))
def test_json_round_trip_keeps_value_and_hash(pathway, horizon, offset, policy, parcels) -> None:
    scenario = Scenario(pathway, horizon, offset, (LandUseChange("retention", tuple(parcels)),), policy)
    again = Scenario.from_json(scenario.canonical_json())
    assert again == scenario and again.hash == scenario.hash


@pytest.mark.parametrize("raw, message", [
    ({"pathway": "rcp60", "horizon": "2071-2100"}, "pathway 'rcp60' is not one of"),
    ({"pathway": "rcp85", "horizon": "2040-2060"}, "horizon '2040-2060' is not one of"),
    ({"pathway": "historical", "horizon": "2071-2100"}, "does not go with horizon"),
    ({"pathway": "rcp85", "horizon": "1991-2020"}, "does not go with horizon"),
    ({"groundwater_offset_m": 12}, "between -5 and 5 m"),
    ({"groundwater_offset_m": "1.0"}, "groundwater_offset_m must be a number"),
    ({"groundwater_offset_m": True}, "groundwater_offset_m must be a number"),
    ({"policy": "optimistic"}, "policy 'optimistic' is not one of"),
    ({"rain": 2}, "unknown scenario field(s) ['rain']"),
    ({"land_use_changes": [{"kind": "flatten"}]}, "kind 'flatten' is not one of"),
    ({"land_use_changes": [{"kind": "unseal"}]}, "'unseal' needs at least one parcel id"),
    ({"land_use_changes": [{"kind": "unseal", "parcels": ["P1"], "fraction": 1.5}]}, "'fraction' must be"),
    ({"land_use_changes": [{"kind": "retention", "parcels": "P1"}]}, "must be a list of parcel ids"),
    ({"land_use_changes": {"kind": "retention"}}, "land_use_changes must be a list"),
    ([1, 2], "must be a JSON object"),
])
def test_bad_scenarios_are_refused_with_a_clear_message(raw, message) -> None:
    with pytest.raises(InputError) as info:
        Scenario.from_dict(raw)
    assert message in str(info.value)


def test_invalid_json_names_the_position() -> None:
    with pytest.raises(InputError, match="not valid JSON: .* line 1 column"):
        Scenario.from_json('{"pathway": rcp85}')


# --- bounded scenario JSON (links and command lines are untrusted) ------------------------------

@pytest.mark.parametrize("depth", [1_000, 3_000])
@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_deeply_nested_json_is_refused_before_parsing(depth: int, opening: str, closing: str) -> None:
    text = '{"pathway": ' + opening * depth + "1" + closing * depth + "}"
    assert len(text) <= MAX_SCENARIO_JSON_CHARS  # it is the depth, not the size, that is refused
    with pytest.raises(InputError, match=f"nested more than {MAX_SCENARIO_JSON_DEPTH} levels"):
        Scenario.from_json(text)


def test_huge_json_is_refused_before_parsing() -> None:
    head, tail = '{"pathway": "historical"', "}"
    at_limit = head + " " * (MAX_SCENARIO_JSON_CHARS - len(head) - len(tail)) + tail
    assert len(at_limit) == MAX_SCENARIO_JSON_CHARS
    assert Scenario.from_json(at_limit) == Scenario()
    with pytest.raises(InputError, match="65,537 characters long; at most 65,536"):
        Scenario.from_json(head + " " + at_limit[len(head):])


def test_realistic_scenario_nesting_is_accepted() -> None:
    # scenario (1) > land_use_changes (2) > change (3) > parcels (4)
    text = '{"pathway": "rcp85", "horizon": "2071-2100", "land_use_changes": [{"kind": "unseal", "parcels": ["P1"]}]}'
    assert json_nesting_depth(text) == 4
    assert Scenario.from_json(text).parcel_ids() == {"P1"}


@pytest.mark.parametrize("text", [
    '{"policy": "' + "[" * 50 + '"}',          # brackets inside a string do not nest
    '{"policy": "\\"' + "{" * 50 + '"}',        # nor after an escaped quote
])
def test_brackets_inside_strings_do_not_count(text: str) -> None:
    with pytest.raises(InputError, match="policy '.*' is not one of"):
        Scenario.from_json(text)


def test_escaped_backslash_ends_the_string() -> None:
    # "a\\" is a complete string (an escaped backslash); the ten brackets after it are real
    text = '{"policy": "a\\\\", "pathway": ' + "[" * 10 + "]" * 10 + "}"
    assert json_nesting_depth(text) == 11
    with pytest.raises(InputError, match="nested more than"):
        Scenario.from_json(text)


def nesting(value) -> int:
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    return 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:ä'),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\a'), children,
                                                                      max_size=3),
    max_leaves=20)


@given(value=json_values, ascii_only=st.booleans())
def test_nesting_scan_agrees_with_the_structure(value, ascii_only: bool) -> None:
    assert json_nesting_depth(json.dumps(value, ensure_ascii=ascii_only)) == nesting(value)


def test_parcels_per_change_are_bounded() -> None:
    many = [f"P{i:05d}" for i in range(12_000)]
    with pytest.raises(InputError, match="names 12,000 parcels; at most 5,000"):
        Scenario.from_dict({"land_use_changes": [{"kind": "unseal", "parcels": many}]})
    with pytest.raises(InputError, match="names 5,001 parcels"):
        LandUseChange("retention", tuple(many[:MAX_PARCELS_PER_CHANGE + 1]))
    # the limit itself is allowed, also through JSON (5,000 ids of 9 characters fit in 64 kB)
    text = json.dumps({"land_use_changes": [{"kind": "unseal", "parcels": many[:MAX_PARCELS_PER_CHANGE]}]})
    assert len(Scenario.from_json(text).parcel_ids()) == MAX_PARCELS_PER_CHANGE


def test_shareable_link_with_deep_json_gives_a_message() -> None:
    from koki_climate.ui.url_state import MAX_PARAM_CHARS, parse_scenario

    raw = '{"pathway": ' + "[" * 3_000 + "]" * 3_000 + "}"
    assert len(raw) <= MAX_PARAM_CHARS  # the link's own length limit lets it through
    parsed = parse_scenario(raw, [], allow_custom=True)
    assert parsed.scenario is None and "nested more than" in parsed.error
