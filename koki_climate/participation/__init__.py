"""Citizen participation: read contribution exports, digest them into themes, classify them.

Offline and explainable (see :mod:`koki_climate.participation.digest`): scikit-learn,
Snowball stems, YAKE keyphrases, Lingua language detection; nothing is downloaded at run time.
"""
from koki_climate.participation.classify import Classification, classify
from koki_climate.participation.digest import Assignment, Digest, Theme, digest
from koki_climate.participation.read import Contributions, ContributionsError, read_contributions

__all__ = ["Assignment", "Classification", "Contributions", "ContributionsError", "Digest", "Theme", "classify",
           "digest", "read_contributions"]
