"""The scenario library: saved, versioned and published scenarios in a real database."""
from koki_climate.store.library import (
    AuditEntry, PublishedResult, ScenarioInfo, ScenarioStore, VersionInfo, differences, publish_with_result,
)

__all__ = ["AuditEntry", "PublishedResult", "ScenarioInfo", "ScenarioStore", "VersionInfo", "differences",
           "publish_with_result"]
