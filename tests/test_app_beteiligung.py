"""The planner's Beteiligung page: lists comments, approves and hides them, shows citizen text
literally, records observed floods, digests and sorts comments, and exists only for planners."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.participation.comments import CommentStore, NewComment
from koki_climate.scenario import Scenario
from koki_climate.store import ScenarioStore
from koki_climate.ui.i18n import TEXTS, t
from koki_climate.ui.participation_view import labels_editor_key

REPO = Path(__file__).resolve().parents[1]
PAGE = str(REPO / "pages/beteiligung.py")
INJECTION = "<b>x</b>[a](javascript:alert(1))"


@pytest.fixture
def cache(app_env, library_cache, monkeypatch) -> Path:
    """A planner cache with a published version "Entwurf@1" (and the small region's model)."""
    app_env("planner")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    library = ScenarioStore.for_cache(library_cache)
    library.save("Entwurf", Scenario("rcp85", "2071-2100"), author="p")
    library.publish("Entwurf", 1, actor="p")
    library.close()
    return library_cache


def _post(cache: Path, *comments: tuple[str, str, str | None]) -> list[int]:
    """Post (category, text, zone) comments at points inside the small region; their ids."""
    from koki_climate.region import open_region

    region = open_region(Path(__import__("os").environ["KOKI_REGION"]))
    x0, y0 = float(region.grid.x.mean()), float(region.grid.y.mean())
    store = CommentStore.for_cache(cache, mode="planner")
    ids = [store.post(NewComment(uuid.uuid4().hex, "Entwurf", 1, x0 + 100 * i, y0, category, text,
                                 crs=region.crs.to_string(), radius_m=10.0, language="de", zone=zone)).id
           for i, (category, text, zone) in enumerate(comments)]
    store.close()
    return ids


def _table(at: AppTest, column: str = "bet_col_status"):
    """The first table with that column (st.dataframe keeps no key without a selection)."""
    return next(df.value for df in at.dataframe if t(column) in df.value.columns)


def _run() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=600).run()
    assert not at.exception, at.exception
    return at


def test_every_text_of_the_page_is_in_german_and_english():
    from koki_climate.ui.texts.beteiligung import TEXTS as PAGE_TEXTS

    assert "page_participation_planner" in PAGE_TEXTS
    for key in PAGE_TEXTS:
        assert TEXTS[key]["de"] and TEXTS[key]["en"], key


def test_page_lists_comments_and_approving_one_makes_it_public(cache):
    water, question = _post(cache, ("water_seen", "Keller nass", "keine"), ("question", "Warum hier?", "auflagen"))
    at = _run()
    table = _table(at)
    assert list(table[t("bet_col_id")]) == [water, question]
    assert list(table[t("bet_col_text")]) == ["Keller nass", "Warum hier?"]
    assert list(table[t("bet_col_status")]) == ["offen", "offen"]
    at.multiselect(key="bet_selected").set_value([question])
    at.button(key="bet_approve").click().run()
    assert not at.exception
    assert any(f"#{question}" in s.value for s in at.success)  # the planner is told what was approved
    store = CommentStore.for_cache(cache, mode="council")  # what a public instance would read
    assert [c.id for c in store.approved()] == [question]
    store.close()
    assert list(_table(at)[t("bet_col_status")]) == ["offen", "freigegeben"]
    at.multiselect(key="bet_selected").set_value([question])
    at.button(key="bet_hide").click().run()  # the newest review counts: hidden again
    store = CommentStore.for_cache(cache, mode="council")
    assert store.approved() == []
    store.close()


def test_filters_narrow_the_list(cache):
    water, objection = _post(cache, ("water_seen", "Wasser", "keine"), ("objection", "Einwand", "freihalten"))
    at = _run()
    at.multiselect(key="bet_f_category").set_value(["objection"]).run()
    assert list(_table(at)[t("bet_col_id")]) == [objection]
    at.multiselect(key="bet_f_category").set_value([])
    at.multiselect(key="bet_f_zone").set_value(["keine"]).run()
    assert list(_table(at)[t("bet_col_id")]) == [water]


def test_citizen_markup_appears_literally_never_rendered(cache):
    (comment_id,) = _post(cache, ("water_seen", INJECTION, "keine"))
    at = _run()
    assert list(_table(at)[t("bet_col_text")]) == [INJECTION]
    assert INJECTION in [e.value for e in at.text]  # the possible miss, as plain text
    rendered = [e.value for kind in ("markdown", "caption", "success", "info", "warning", "error", "title",
                                     "subheader", "expander")
                for e in at.get(kind) if hasattr(e, "value")]
    assert not any("javascript:" in str(v) or "<b>" in str(v) for v in rendered)
    maps = at.get("deck_gl_json_chart")
    assert maps and all(INJECTION not in m.proto.json and "<b>x" not in m.proto.json for m in maps)
    deck = json.loads(maps[0].proto.json)
    points = next(layer for layer in deck["layers"] if layer["id"] == "comments")["data"]
    assert [p["id"] for p in points] == [comment_id]
    assert 5 < points[0]["lon"] < 16 and 47 < points[0]["lat"] < 56  # in Germany: transformed to lon/lat
    assert json.loads(maps[0].proto.tooltip) == {"text": "{label}"}  # a plain-text tooltip


def test_a_possible_miss_is_recorded_as_observed_flood(cache):
    miss, inside = _post(cache, ("water_seen", "Straße unter Wasser", "grundwasser"),
                         ("water_seen", "Wiese überflutet", "auflagen"))
    at = _run()
    assert [b.key for b in at.button if b.key.startswith("bet_observe_")] == [f"bet_observe_{miss}"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("bet_check_inside")] == "1" and metrics[t("bet_check_outside")] == "1"
    at.button(key=f"bet_observe_{miss}").click().run()
    assert not at.exception and at.success
    store = CommentStore.for_cache(cache, mode="planner")
    assert [p["comment_id"] for p in store.observed_floods()] == [miss]
    store.close()
    assert not [b for b in at.button if b.key.startswith("bet_observe_")]  # recorded: no second button
    assert {m.label: m.value for m in at.metric}[t("bet_check_confirmed")] == "1"


def test_digest_with_too_few_comments_says_so(cache):
    _post(cache, *[("hint", f"Hinweis Nummer {i}", "keine") for i in range(3)])
    at = _run()
    at.button(key="bet_digest_run").click().run()
    assert not at.exception
    assert any(t("bet_digest_too_few").format(needed=10, n=3) == i.value for i in at.info)


BASEMENT = ["Nach dem Starkregen stand das Wasser im Keller", "Keller voll Wasser nach Starkregen im Juli",
            "Wasser im Keller, die Kanalisation lief über", "Starkregen: Keller und Garage unter Wasser",
            "Im Keller stand das Wasser knöcheltief nach dem Starkregen", "Wieder Wasser im Keller beim Starkregen"]
TREES = ["Bitte mehr Bäume an der Hauptstraße pflanzen", "Die Bäume im Park spenden Schatten, mehr Bäume bitte",
         "Schatten durch Bäume fehlt auf dem Marktplatz", "Mehr Bäume und Schatten für heiße Sommer",
         "Bäume pflanzen statt Parkplätze, für Schatten", "Der Park braucht mehr Bäume und Schatten"]


def test_digest_and_own_categories_on_the_page(cache):
    ids = _post(cache, *[("water_seen", text, "auflagen") for text in BASEMENT],
                *[("hint", text, "keine") for text in TREES])
    at = AppTest.from_file(PAGE, default_timeout=600)
    label = t("bet_col_label")
    # the planner labels three comments of each kind (rows 0-2 and 6-8); the rest is sorted
    rows = {row: {label: "Keller" if row < 6 else "Grün"} for row in (0, 1, 2, 6, 7, 8)}
    at.session_state[labels_editor_key(ids)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    at.button(key="bet_digest_run").click().run()
    assert not at.exception
    themes = _table(at, "bet_col_keyphrases")
    assert themes[t("bet_col_size")].sum() == 12
    assert themes[t("bet_cat_water_seen")].sum() == 6 and themes["Bauen mit Auflagen"].sum() == 6
    representatives = [e.value for e in at.text if e.value.startswith("#")]
    assert representatives and all(int(r[1:].split(":")[0]) in ids for r in representatives)
    # the themes map: each comment coloured by the theme the assignments table gives it
    import json

    theme_map = json.loads(at.get("deck_gl_json_chart")[1].proto.json)
    points = next(layer for layer in theme_map["layers"] if layer["id"] == "comments")["data"]
    colour = {p["id"]: tuple(p["color"]) for p in points}
    assigned = _table(at, "bet_col_share")
    theme_of = dict(zip(assigned[t("bet_col_id")], assigned[t("bet_theme")]))
    assert set(colour) == set(ids) == set(theme_of)
    for a in ids:
        for b in ids:
            assert (colour[a] == colour[b]) == (theme_of[a] == theme_of[b])
    at.button(key="bet_label_run").click().run()
    assert not at.exception
    sorted_out = _table(at, "bet_col_predicted")
    assert list(sorted_out[label]) == ["Keller"] * 6 + ["Grün"] * 6  # the two kinds are told apart
    assert list(sorted_out[t("bet_col_predicted")]) == [False] * 3 + [True] * 3 + [False] * 3 + [True] * 3
    metric_labels = [m.label for m in at.metric]
    assert t("bet_label_f1").format(folds=3) in metric_labels and t("bet_label_baseline") in metric_labels


def test_one_label_is_not_enough_to_sort(cache):
    ids = _post(cache, *[("hint", text, "keine") for text in TREES])
    at = AppTest.from_file(PAGE, default_timeout=600)
    at.session_state[labels_editor_key(ids)] = {"edited_rows": {0: {t("bet_col_label"): "Grün"}}, "added_rows": [],
                                      "deleted_rows": []}
    at.run()
    at.button(key="bet_label_run").click().run()
    assert not at.exception
    assert any(t("bet_label_too_few").format(n=1) == i.value for i in at.info)


@pytest.mark.parametrize("mode, kind", [("public", "error"), ("participation", "error"), ("council", "warning")])
def test_the_page_refuses_outside_planner_mode(app_env, library_cache, monkeypatch, mode, kind):
    app_env(mode)
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    at = _run()
    assert at.get(kind) and not at.dataframe and not at.button
    assert not (library_cache / "scenarios.sqlite").exists()  # nothing opened, nothing created


def test_own_categories_stay_with_their_comment_when_the_filter_changes(cache):
    water, hint = _post(cache, ("water_seen", "Keller nass", "keine"), ("hint", "Mehr Bäume", "keine"))
    at = AppTest.from_file(PAGE, default_timeout=600)
    label = t("bet_col_label")
    at.session_state[labels_editor_key([water, hint])] = {"edited_rows": {0: {label: "Keller"}}, "added_rows": [],
                                                          "deleted_rows": []}
    at.run()
    at.multiselect(key="bet_f_category").set_value(["hint"]).run()  # row 0 is now the hint
    editor = _table(at, "bet_col_label")
    assert list(editor[t("bet_col_id")]) == [hint] and list(editor[label]) == [""]
    at.multiselect(key="bet_f_category").set_value([]).run()
    editor = _table(at, "bet_col_label")
    assert list(editor[t("bet_col_id")]) == [water, hint] and list(editor[label]) == ["Keller", ""]
