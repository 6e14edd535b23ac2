"""Texts of the Daten page (keys prefixed ``data_``)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "data_intro": {
        "de": "Eigene Daten prüfen: Geben Sie den Ordner eines Gebiets an (mit der Beschreibungsdatei "
              "region.toml) oder laden Sie ein Gebiet als ZIP-Datei hoch. Die App prüft alle Dateien und "
              "zeigt, was sie gefunden hat – oder was fehlt.",
        "en": "Check your own data: give the folder of a region (with its region.toml description file) or "
              "upload a region as a zip file. The app checks every file and shows what it found – or what "
              "is missing.",
    },
    "data_public_refused": {
        "de": "Diese Seite gibt es nur auf der Planungsinstanz. Auf der öffentlichen Instanz können keine "
              "Daten geladen oder hochgeladen werden.",
        "en": "This page exists only on the planning instance. No data can be loaded or uploaded on the "
              "public instance.",
    },
    "data_planner_only": {
        "de": "Daten laden und hochladen ist nur im Planungsmodus möglich (KOKI_MODE=planner).",
        "en": "Loading and uploading data is only possible in planning mode (KOKI_MODE=planner).",
    },
    "data_read_only": {
        "de": "Hochladen ist auf dieser Instanz nicht erlaubt (nur lesen).",
        "en": "Uploading is not allowed on this instance (read-only).",
    },
    "data_tab_folder": {"de": "Ordner auf dem Server", "en": "Folder on the server"},
    "data_tab_upload": {"de": "ZIP-Datei hochladen", "en": "Upload a zip file"},
    "data_path_label": {"de": "Pfad zum Gebietsordner oder zur region.toml",
                        "en": "Path to the region folder or its region.toml"},
    "data_path_help": {
        "de": "Ein Ordner auf diesem Rechner bzw. Server, z. B. data/musterstadt.",
        "en": "A folder on this machine or server, e.g. data/musterstadt.",
    },
    "data_upload_label": {"de": "Gebiet als ZIP-Datei (höchstens {mb} MB)",
                          "en": "Region as a zip file (at most {mb} MB)"},
    "data_upload_help": {
        "de": "Die ZIP-Datei muss einen Gebietsordner mit region.toml und den darin genannten Dateien enthalten.",
        "en": "The zip file must contain a region folder with region.toml and the files it names.",
    },
    "data_upload_ok": {"de": "ZIP-Datei entpackt nach {path}.", "en": "Zip file unpacked to {path}."},
    "data_upload_refused": {
        "de": "Die ZIP-Datei wurde abgelehnt:",
        "en": "The zip file was refused:",
    },
    "data_upload_failed": {
        "de": "Die ZIP-Datei konnte nicht gespeichert werden (Speicherplatz oder Rechte prüfen):",
        "en": "The zip file could not be stored (check disk space and permissions):",
    },
    "data_checking": {"de": "Daten werden geprüft …", "en": "Checking the data …"},
    "data_path_empty": {"de": "Bitte einen Pfad eingeben.", "en": "Please enter a path."},
    "data_path_missing": {
        "de": "Unter „{path}“ gibt es weder einen Ordner noch eine Datei. Bitte den Pfad prüfen.",
        "en": "There is no folder or file at “{path}”. Please check the path.",
    },
    "data_no_manifest": {
        "de": "Der Ordner „{path}“ enthält keine {name}. Ein Gebiet ist ein Ordner mit dieser "
              "Beschreibungsdatei und den darin genannten Dateien.",
        "en": "The folder “{path}” contains no {name}. A region is a folder with this description file and "
              "the files it names.",
    },
    "data_invalid": {
        "de": "Die Daten sind nicht in Ordnung. Was genau nicht stimmt (Datei, Variable, Problem):",
        "en": "The data are not in order. What exactly is wrong (file, variable, problem):",
    },
    "data_unreadable": {
        "de": "Eine Datei des Gebiets lässt sich nicht lesen (beschädigt oder falsches Format):",
        "en": "A file of the region cannot be read (damaged or wrong format):",
    },
    "data_valid": {"de": "Die Daten sind gültig: {name}.", "en": "The data are valid: {name}."},
    "data_warnings": {"de": "Hinweise:", "en": "Notes:"},
    "data_summary": {"de": "Überblick", "en": "Overview"},
    "data_layers": {"de": "Ebenen", "en": "Layers"},
    "data_report_json": {"de": "Prüfbericht als JSON", "en": "Validation report as JSON"},
    "data_report_text": {"de": "Prüfbericht als Text", "en": "Validation report as text"},
    "data_use_header": {"de": "Dieses Gebiet verwenden", "en": "Use this region"},
    "data_use_text": {
        "de": "Die App zeigt das eingestellte Gebiet. Um dieses Gebiet zu verwenden, das Modell einmal "
              "trainieren und die App mit dem Gebiet starten:",
        "en": "The app shows the configured region. To use this region, train the model once and start the "
              "app with it:",
    },
    "data_current": {"de": "Eingestelltes Gebiet: {path}", "en": "Configured region: {path}"},
    "data_col_role": {"de": "Rolle", "en": "Role"},
    "data_col_source": {"de": "Datei:Variable", "en": "File:variable"},
    "data_col_shape": {"de": "Größe", "en": "Shape"},
    "data_col_units": {"de": "Einheit", "en": "Units"},
    "data_col_min": {"de": "min.", "en": "min"},
    "data_col_max": {"de": "max.", "en": "max"},
    "data_col_nan": {"de": "fehlend", "en": "missing"},
    "data_col_item": {"de": "Angabe", "en": "Item"},
    "data_col_value": {"de": "Wert", "en": "Value"},
    "data_row_region": {"de": "Gebiet", "en": "Region"},
    "data_row_synthetic": {"de": "Beispieldaten (synthetisch)", "en": "Sample data (synthetic)"},
    "data_row_grid": {"de": "Raster (Zellen, Zellgröße)", "en": "Grid (cells, cell size)"},
    "data_row_area": {"de": "Fläche", "en": "Area"},
    "data_row_crs": {"de": "Koordinatensystem", "en": "Coordinate reference system"},
    "data_row_vectors": {"de": "Vektorebenen (Objekte)", "en": "Vector layers (features)"},
    "data_row_wells": {"de": "Grundwassermessstellen", "en": "Groundwater wells"},
    "data_row_climate": {"de": "Klimaszenarien", "en": "Climate scenarios"},
    "data_row_checksum": {"de": "Prüfsumme", "en": "Checksum"},
    "data_row_path": {"de": "Pfad", "en": "Path"},
    "data_yes": {"de": "ja", "en": "yes"},
    "data_no": {"de": "nein", "en": "no"},
}
