"""The Scenario: a small frozen value describing one "what if" for the land-use plan.

Its canonical JSON (sorted keys, normalised numbers and parcel lists) gives a stable hash,
used as cache key, database key and in shareable links. Anything unknown is refused with
a message that says what is allowed, so a typo never silently becomes "Heute".

Scenario JSON comes from links and command lines, so it is bounded before it is parsed:
at most :data:`MAX_SCENARIO_JSON_CHARS` characters and :data:`MAX_SCENARIO_JSON_DEPTH`
levels of nesting (Python's JSON parser recurses, and a few thousand ``[`` would end in a
RecursionError), and a change names at most :data:`MAX_PARCELS_PER_CHANGE` parcels.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import Any, Literal, get_args

from koki_climate.errors import InputError

Pathway = Literal["historical", "rcp26", "rcp45", "rcp85"]
Horizon = Literal["1991-2020", "2021-2050", "2071-2100"]
Policy = Literal["expected", "precautionary"]
ChangeKind = Literal["develop_planned", "unseal", "retention"]

PATHWAYS: tuple[str, ...] = get_args(Pathway)
HORIZONS: tuple[str, ...] = get_args(Horizon)
POLICIES: tuple[str, ...] = get_args(Policy)
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
REFERENCE_HORIZON = "1991-2020"
MAX_GROUNDWATER_OFFSET_M = 5.0
SCENARIO_FIELDS = ("pathway", "horizon", "groundwater_offset_m", "land_use_changes", "policy")
#: longest scenario JSON accepted (64 kB); a change naming a few thousand parcel ids fits
MAX_SCENARIO_JSON_CHARS = 65_536
#: deepest nesting accepted: a scenario needs 4 (scenario > land_use_changes > change > parcels)
MAX_SCENARIO_JSON_DEPTH = 8
#: most parcels one land-use change may name (a land-use plan has hundreds to a few thousand)
MAX_PARCELS_PER_CHANGE = 5_000
#: a JSON string (escapes included, possibly unterminated) or a bracket: what nesting depends on
_JSON_NESTING_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


@dataclass(frozen=True)
class LandUseChange:
    """One planned change to land use.

    ``develop_planned``: parcels planned for development are built (sealed); an empty
    ``parcels`` means all planned-development parcels. ``unseal``: the named parcels lose
    their sealing (``fraction`` of it, default all). ``retention``: the named parcels become
    retention areas (unsealed, kept free, water stored).
    """

    kind: ChangeKind
    parcels: tuple[str, ...] = ()
    fraction: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise InputError(f"land_use_changes: kind {self.kind!r} is not one of {', '.join(CHANGE_KINDS)}")
        # a set of parcels: order and repetition carry no meaning (and must not change the hash)
        object.__setattr__(self, "parcels", tuple(sorted(set(self.parcels))))
        if len(self.parcels) > MAX_PARCELS_PER_CHANGE:
            raise InputError(f"land_use_changes: a '{self.kind}' change names {len(self.parcels):,} parcels; "
                             f"at most {MAX_PARCELS_PER_CHANGE:,} are allowed per change")
        object.__setattr__(self, "fraction", round(float(self.fraction), 3))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "parcels": list(self.parcels), "fraction": round(self.fraction, 3)}

    @classmethod
    def from_dict(cls, raw: Any) -> "LandUseChange":
        if not isinstance(raw, dict):
            raise InputError(f"land_use_changes: each change must be an object, got {raw!r}")
        unknown = sorted(set(raw) - {"kind", "parcels", "fraction"})
        if unknown:
            raise InputError(f"land_use_changes: unknown field(s) {unknown}; allowed: kind, parcels, fraction")
        kind = raw.get("kind")
        if kind not in CHANGE_KINDS:
            raise InputError(f"land_use_changes: kind {kind!r} is not one of {', '.join(CHANGE_KINDS)}")
        parcels = raw.get("parcels", [])
        if not isinstance(parcels, list) or not all(isinstance(p, str) and p for p in parcels):
            raise InputError("land_use_changes: 'parcels' must be a list of parcel ids (text)")
        if kind in ("unseal", "retention") and not parcels:
            raise InputError(f"land_use_changes: '{kind}' needs at least one parcel id")
        fraction = raw.get("fraction", 1.0)
        if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0.0 < fraction <= 1.0:
            raise InputError(f"land_use_changes: 'fraction' must be a number in (0, 1], got {fraction!r}")
        return cls(kind, tuple(sorted(set(parcels))), float(fraction))


@dataclass(frozen=True)
class Scenario:
    """Climate pathway and horizon, groundwater offset, land-use changes and zoning policy."""

    pathway: Pathway = "historical"
    horizon: Horizon = REFERENCE_HORIZON
    groundwater_offset_m: float = 0.0
    land_use_changes: tuple[LandUseChange, ...] = field(default_factory=tuple)
    policy: Policy = "expected"

    def __post_init__(self) -> None:
        if self.pathway not in PATHWAYS:
            raise InputError(f"pathway {self.pathway!r} is not one of {', '.join(PATHWAYS)}")
        if self.horizon not in HORIZONS:
            raise InputError(f"horizon {self.horizon!r} is not one of {', '.join(HORIZONS)}")
        if (self.pathway == "historical") != (self.horizon == REFERENCE_HORIZON):
            raise InputError(f"pathway {self.pathway!r} does not go with horizon {self.horizon!r}: "
                             f"'historical' is the reference {REFERENCE_HORIZON}, the RCPs are 2021-2050 or 2071-2100")
        offset = self.groundwater_offset_m
        if isinstance(offset, bool) or not isinstance(offset, (int, float)) or not abs(offset) <= MAX_GROUNDWATER_OFFSET_M:
            raise InputError(f"groundwater_offset_m must be a number between -{MAX_GROUNDWATER_OFFSET_M:g} "
                             f"and {MAX_GROUNDWATER_OFFSET_M:g} m, got {offset!r}")
        if self.policy not in POLICIES:
            raise InputError(f"policy {self.policy!r} is not one of {', '.join(POLICIES)}")
        # normalise: float offset, changes in a canonical order (their effect is order-free)
        object.__setattr__(self, "groundwater_offset_m", round(float(offset), 3) + 0.0)
        changes = tuple(sorted(self.land_use_changes, key=lambda c: (c.kind, c.parcels, c.fraction)))
        object.__setattr__(self, "land_use_changes", changes)

    # --- serialisation --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "pathway": self.pathway,
            "horizon": self.horizon,
            "groundwater_offset_m": self.groundwater_offset_m,
            "land_use_changes": [change.to_dict() for change in self.land_use_changes],
            "policy": self.policy,
        }

    def canonical_json(self) -> str:
        """Sorted keys, no spaces, normalised values: equal scenarios give equal text."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    @property
    def hash(self) -> str:
        """16 hex digits of SHA-256 over the canonical JSON: the scenario's stable key."""
        return hashlib.sha256(self.canonical_json().encode("ascii")).hexdigest()[:16]

    @property
    def is_reference(self) -> bool:
        return self.pathway == "historical"

    def replace(self, **changes: Any) -> "Scenario":
        """A copy with some fields changed (validated again)."""
        values = {**{name: getattr(self, name) for name in SCENARIO_FIELDS}, **changes}
        return Scenario(**values)

    @classmethod
    def from_dict(cls, raw: Any) -> "Scenario":
        if not isinstance(raw, dict):
            raise InputError(f"a scenario must be a JSON object, got {type(raw).__name__}")
        unknown = sorted(set(raw) - set(SCENARIO_FIELDS))
        if unknown:
            raise InputError(f"unknown scenario field(s) {unknown}; allowed: {', '.join(SCENARIO_FIELDS)}")
        changes_raw = raw.get("land_use_changes", [])
        if not isinstance(changes_raw, list):
            raise InputError("land_use_changes must be a list")
        return cls(
            pathway=raw.get("pathway", "historical"),
            horizon=raw.get("horizon", REFERENCE_HORIZON),
            groundwater_offset_m=raw.get("groundwater_offset_m", 0.0),
            land_use_changes=tuple(LandUseChange.from_dict(c) for c in changes_raw),
            policy=raw.get("policy", "expected"),
        )

    def parcel_ids(self) -> set[str]:
        """Every parcel id the scenario's land-use changes name."""
        return {parcel for change in self.land_use_changes for parcel in change.parcels}

    @classmethod
    def from_json(cls, text: str) -> "Scenario":
        """Parse scenario JSON; size and nesting are checked first (see the module docstring)."""
        check_json_bounds(text)
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"scenario is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
        return cls.from_dict(raw)


def json_nesting_depth(text: str, stop_above: int | None = None) -> int:
    """The deepest nesting of ``[``/``{`` in ``text``, brackets inside JSON strings not counted.

    One linear scan (a regular expression skips strings, escapes included), so it is safe
    on input that would make a recursive parser fail; it stops once ``stop_above`` is passed.
    """
    depth = deepest = 0
    for match in _JSON_NESTING_TOKENS.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    break
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def check_json_bounds(text: str) -> None:
    """Refuse scenario JSON that is too long or too deeply nested, before parsing it."""
    if not isinstance(text, str):
        raise InputError(f"scenario JSON must be text, got {type(text).__name__}")
    if len(text) > MAX_SCENARIO_JSON_CHARS:
        raise InputError(f"scenario JSON is {len(text):,} characters long; at most "
                         f"{MAX_SCENARIO_JSON_CHARS:,} are allowed")
    if json_nesting_depth(text, stop_above=MAX_SCENARIO_JSON_DEPTH) > MAX_SCENARIO_JSON_DEPTH:
        raise InputError(f"scenario JSON is nested more than {MAX_SCENARIO_JSON_DEPTH} levels deep; "
                         "a scenario needs 4 (scenario, list of changes, change, list of parcels)")


#: how many unknown parcel ids a refusal lists
SHOWN_UNKNOWN_PARCELS = 10


def check_parcel_ids(scenario: Scenario, known: Iterable[str]) -> None:
    """Refuse a scenario that names parcels the region does not have, listing them.

    Unknown ids would otherwise change the scenario's hash (a new cache entry, a new link)
    without changing its result, and hide a typo from the planner.
    """
    unknown = sorted(scenario.parcel_ids() - set(map(str, known)))
    if unknown:
        shown = ", ".join(repr(p) for p in unknown[:SHOWN_UNKNOWN_PARCELS])
        more = f" and {len(unknown) - SHOWN_UNKNOWN_PARCELS} more" if len(unknown) > SHOWN_UNKNOWN_PARCELS else ""
        raise InputError(f"land_use_changes: {len(unknown)} parcel id(s) not in this region: {shown}{more}")
