"""Read citizen contributions from CSV exports (DIPAS, DEMOS-plan style, the app's own export).

The reader is forgiving about the form of the file and strict about its content:

* encoding: UTF-8 (with or without byte-order mark), else Windows-1252 (what Excel writes on
  German Windows; every byte decodes, so it is the last resort);
* delimiter: ``;``, ``,`` or tab, taken from the header line (the one occurring most often
  outside quotes);
* quoted fields may hold delimiters, quotes (``""``) and newlines.

Problems are raised as :class:`ContributionsError` (an :class:`~koki_climate.errors.InputError`)
naming the file and the problem: missing file, empty file, a file over :data:`MAX_BYTES`, no
text column (the message lists the columns there are), unreadable CSV.

Column names are matched case-insensitively against the usual names of each export
(:data:`TEXT_COLUMNS`, :data:`ID_COLUMNS`, …) unless given explicitly.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from koki_climate.errors import InputError

#: largest file read (bytes): far above any participation process (the DIPAS export of 697
#: contributions is 0.4 MB), small enough that a wrong file is refused before it fills memory
MAX_BYTES = 50 * 1024 * 1024

#: usual column names, first match wins (DIPAS, DEMOS-plan, the app's own export)
TEXT_COLUMNS = ("text", "stellungnahme", "beitrag", "inhalt", "beschreibung", "description", "content",
                "body", "kommentar", "comment")
ID_COLUMNS = ("id", "document_id", "nummer", "nr", "eingangsnummer", "stellungnahme-id", "stellungnahme_id",
              "beitrags-id", "beitrag_id", "contribution_id")
TITLE_COLUMNS = ("title", "titel", "betreff", "überschrift", "subject")
URL_COLUMNS = ("url", "link", "adresse")
CATEGORY_COLUMNS = ("category", "kategorie", "thema", "label")
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (";", ",", "\t")


class ContributionsError(InputError):
    """A contributions file cannot be read; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class Contributions:
    """Contributions read from one file, one entry per data row, in file order."""

    source: str
    ids: list[str]
    texts: list[str]
    titles: list[str] | None = None
    urls: list[str] | None = None
    categories: list[str] | None = None
    columns: list[str] = field(default_factory=list)
    text_column: str = "text"
    id_column: str | None = None
    encoding: str = "utf-8"
    delimiter: str = ","

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def documents(self) -> list[str]:
        """What the digest reads: title and text together where there is a title."""
        if not self.titles:
            return list(self.texts)
        return [f"{t}. {x}" if t.strip() else x for t, x in zip(self.titles, self.texts)]


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    raise ContributionsError(path, "cannot decode the file (tried UTF-8 and Windows-1252)")  # pragma: no cover


def _header_line(text: str) -> str:
    """The first record's text up to its end (a quoted header cell may hold a newline)."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            return text[:i]
    return text


def _delimiter(header: str) -> str:
    counts = {}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in DELIMITERS:
            counts[ch] = counts.get(ch, 0) + 1
    return max(DELIMITERS, key=lambda d: (counts.get(d, 0), -DELIMITERS.index(d))) if counts else ","


def _find(columns: list[str], wanted: str | None, candidates: tuple[str, ...], path: Path, what: str,
          required: bool) -> str | None:
    lower = {c.strip().lower(): c for c in columns}
    if wanted is not None:
        if wanted in columns:
            return wanted
        if wanted.strip().lower() in lower:
            return lower[wanted.strip().lower()]
        raise ContributionsError(path, f"no {what} column '{wanted}'; the file has the columns: "
                                       + ", ".join(repr(c) for c in columns))
    for name in candidates:
        if name in lower:
            return lower[name]
    if required:
        raise ContributionsError(path, f"no {what} column (looked for {', '.join(candidates[:6])}, …; give it with "
                                       f"--{what}-column); the file has the columns: "
                                       + ", ".join(repr(c) for c in columns))
    return None


def read_contributions(path: str | Path, *, text_column: str | None = None, id_column: str | None = None,
                       title_column: str | None = None, max_bytes: int = MAX_BYTES) -> Contributions:
    """Read a CSV export of contributions; see the module docstring for what is accepted.

    ``text_column`` / ``id_column`` / ``title_column`` name the columns; by default the usual
    names are looked for. Without an id column the ids are the data rows' numbers (``"1"``, …).
    """
    path = Path(path)
    if not path.exists():
        raise ContributionsError(path, "file not found")
    if not path.is_file():
        raise ContributionsError(path, "not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise ContributionsError(path, f"file is {size / 1e6:.1f} MB, more than the limit of {max_bytes / 1e6:.0f} MB "
                                       "for a contributions export")
    raw = path.read_bytes()
    if not raw.strip():
        raise ContributionsError(path, "file is empty")
    text, encoding = _decode(path, raw)
    delimiter = _delimiter(_header_line(text))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                               doublequote=True, strict=True))
    except csv.Error as exc:
        raise ContributionsError(path, f"not a readable CSV file ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ContributionsError(path, "file is empty")
    columns = [c.strip() for c in rows[0]]
    body = rows[1:]
    text_col = _find(columns, text_column, TEXT_COLUMNS, path, "text", required=True)
    id_col = _find(columns, id_column, ID_COLUMNS, path, "id", required=False)
    title_col = _find(columns, title_column, TITLE_COLUMNS, path, "title", required=False)
    url_col = _find(columns, None, URL_COLUMNS, path, "url", required=False)
    cat_col = _find(columns, None, CATEGORY_COLUMNS, path, "category", required=False)
    if not body:
        raise ContributionsError(path, "file has a header but no contributions")
    width = len(columns)
    for number, row in enumerate(body, start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise ContributionsError(path, f"record {number} has {len(row)} fields, the header {width} "
                                           f"(delimiter '{delimiter}'; is a quote missing?)")

    def column(name: str | None) -> list[str] | None:
        if name is None:
            return None
        i = columns.index(name)
        return [(row[i] if i < len(row) else "").strip() for row in body]

    texts = column(text_col)
    ids = column(id_col) if id_col else [str(i) for i in range(1, len(body) + 1)]
    if id_col:
        ids = [v or f"row {i}" for i, v in enumerate(ids, start=1)]
    return Contributions(source=str(path), ids=ids, texts=texts, titles=column(title_col), urls=column(url_col),
                         categories=column(cat_col), columns=columns, text_column=text_col, id_column=id_col,
                         encoding=encoding, delimiter=delimiter)
