"""The council handout as an A4 PDF: maps, area table, model summary, provenance, legal note.

Every heading and note comes from the caller in :class:`HandoutText`; ``lang`` only decides
how numbers are printed (``1.234,5`` or ``1,234.5``).
"""
from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from koki_climate.io.atomic import write_bytes
from koki_climate.io.serialize import to_jsonable


@dataclass(frozen=True)
class HandoutText:
    """The handout's fixed words in the reader's language."""

    page: str  # with {n} and {nb}, e.g. "Seite {n} von {nb}"
    date: str
    table: str
    model: str
    provenance: str
    note_heading: str
    legal_note: str
    yes: str
    no: str


def _font_files() -> tuple[Path, Path]:
    """DejaVu Sans (regular, bold): the system copy if present, else matplotlib's (always there)."""
    system = Path("/usr/share/fonts/truetype/dejavu")
    if (system / "DejaVuSans.ttf").is_file() and (system / "DejaVuSans-Bold.ttf").is_file():
        return system / "DejaVuSans.ttf", system / "DejaVuSans-Bold.ttf"
    import matplotlib

    mpl = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return mpl / "DejaVuSans.ttf", mpl / "DejaVuSans-Bold.ttf"


def format_cell(value: Any, lang: str, text: HandoutText | None = None, decimals: int | None = 2) -> str:
    """Numbers as a German or English reader expects them (``decimals=None``: 3 significant digits)."""
    if isinstance(value, (bool, np.bool_)):
        if text is not None:
            return text.yes if value else text.no
        return str(bool(value)).lower()
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            return "–"
        out = f"{float(value):,.{decimals}f}" if decimals is not None else f"{float(value):,.3g}"
        if lang == "de":  # 1,234.5 -> 1.234,5
            out = out.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return out
    return str(value)


def _key_values(pdf: Any, heading: str, items: Mapping[str, Any], lang: str, text: HandoutText) -> None:
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for key, value in items.items():
        if isinstance(value, (Mapping, list, tuple)):
            value = json.dumps(to_jsonable(value), ensure_ascii=False)
        pdf.multi_cell(0, 5, f"{key}: {format_cell(value, lang, text, None)}", align="L", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.ln(3)


def handout_pdf(
    path_or_buffer: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    title: str,
    text: HandoutText,
    date: str,
    subtitle: str = "",
    maps: Sequence[tuple[str, bytes]] = (),
    table: pd.DataFrame | None = None,
    model_summary: Mapping[str, Any] | None = None,
    provenance: Mapping[str, Any] | None = None,
    lang: str = "de",
) -> bytes:
    """An A4 handout for a council meeting; returns the PDF bytes.

    Also writes them to a path (atomically) or a binary buffer if given. The first two maps
    sit side by side (the two scenarios), further maps (the change map) below; text uses
    DejaVu Sans so umlauts and § print.
    """
    from fpdf import FPDF

    regular, bold = _font_files()

    class Handout(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(100)
            self.cell(0, 6, text.page.format(n=self.page_no(), nb="{nb}"), align="C")
            self.set_text_color(0)

    pdf = Handout(orientation="P", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(title)
    pdf.set_creator("KoKI Klima")
    pdf.set_lang(lang)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, title, align="L", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 6, subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, f"{text.date}: {date}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def place(caption: str, png: bytes, x: float, y: float, w: float) -> float:
        info = pdf.image(io.BytesIO(png), x=x, y=y, w=w)
        pdf.set_xy(x, y + info.rendered_height + 1)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(w, 4, caption, align="C")
        return pdf.get_y() - y

    gap = 4.0
    rows = [list(maps[:2])] + [[m] for m in maps[2:]]
    for row in rows:
        if not row:
            continue
        w = (pdf.epw - gap) / 2 if len(row) == 2 or len(maps) >= 2 else pdf.epw * 0.6
        if pdf.get_y() + w * 1.1 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        start = pdf.l_margin + (pdf.epw - (len(row) * w + (len(row) - 1) * gap)) / 2
        heights = [place(cap, png, start + i * (w + gap), y, w) for i, (cap, png) in enumerate(row)]
        pdf.set_xy(pdf.l_margin, y + max(heights) + 3)

    if table is not None and len(table):
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, text.table, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        numeric = [table[c].dtype.kind in "iuf" for c in table.columns]
        align = tuple("RIGHT" if n else "LEFT" for n in numeric)
        with pdf.table(text_align=align, line_height=5, first_row_as_headings=True) as grid:
            header = grid.row()
            for column in table.columns:
                header.cell(str(column))
            for record in table.itertuples(index=False):
                row = grid.row()
                for value in record:
                    row.cell(format_cell(value, lang, text))
        pdf.ln(4)
    elif model_summary or provenance:
        pdf.add_page()
    if model_summary:
        _key_values(pdf, text.model, model_summary, lang, text)
    if provenance:
        _key_values(pdf, text.provenance, provenance, lang, text)

    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, text.note_heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, text.legal_note, border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")

    data = bytes(pdf.output())
    if path_or_buffer is None:
        return data
    if hasattr(path_or_buffer, "write"):
        path_or_buffer.write(data)  # type: ignore[union-attr]
    else:
        write_bytes(path_or_buffer, data)  # type: ignore[arg-type]
    return data


__all__ = ["HandoutText", "format_cell", "handout_pdf"]
