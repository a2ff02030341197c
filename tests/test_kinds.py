"""The site's own kinds (`kinds:` in mkdocs.yml, for the plugin and the Zensical extension alike):
each setting that cannot be used stops the build with a message saying how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from glossa.kinds import KindError, resolve_kinds
from helpers import annotation, build, kinds_option, write_project

BAD_KINDS = {
    "a name with capitals": ({"Update": {"label": "Update"}},
                             "kind name 'Update' must be a lower-case letter followed by lower-case "
                             "letters, digits and hyphens, e.g. 'update'"),
    "a name YAML reads as a number": ({1: {"label": "One"}}, "kind name '1' must be a lower-case "
                                      "letter followed by lower-case letters, digits and hyphens, "
                                      "e.g. 'kind-1'"),
    "a name YAML reads as true": ({True: {"label": "Yes"}}, "a kind's name is read by YAML as "
                                  "true (it reads true, yes or on so), not as a name: write the "
                                  "name in quotes, such as 'yes':"),
    "a name YAML reads as false": ({False: {"label": "No"}}, "a kind's name is read by YAML as "
                                   "false (it reads false, no or off so), not as a name: write the "
                                   "name in quotes, such as 'no':"),
    "a name YAML reads as nothing": ({None: {"label": "None"}}, "a kind's name is read by YAML as "
                                     "nothing ('null:', '~:'): write the name in quotes"),
    "no label": ({"update": {"color": "#123456"}}, "kind 'update' needs a 'label'"),
    "a colour by name": ({"update": {"label": "Update", "color": "purple"}},
                         "kind 'update' colour must be a hex colour like '#6a1b9a', not 'purple'"),
    "a hex colour of 5 digits": ({"update": {"label": "Update", "color": "#12345"}},
                                 "kind 'update' colour must be a hex colour like '#6a1b9a', not '#12345'"),
    "an unknown motivation": ({"update": {"label": "Update", "motivation": "shouting"}},
                              "kind 'update' has the motivation 'shouting'; allowed: assessing,"),
    "an icon path that climbs": ({"update": {"label": "Update", "icon": "../secret"}},
                                 "kind 'update' has the icon '../secret', which is not the name of"),
}


SETTINGS_AN_ENGINE_DOES_NOT_CHECK = {
    "a misspelt setting": ({"update": {"label": "Update", "colour": "#123456"}},
                           "kind 'update' has the unknown setting 'colour' (did you mean 'color'?)"),
    "text for true or false": ({"update": {"label": "Update", "sources": "no"}},
                               "kind 'update' setting 'sources' must be true or false, not 'no'"),
    "a number for a colour": ({"update": {"label": "Update", "color": 123}},
                              "kind 'update' setting 'color' must be text, not 123"),
    "no settings at all": ({"update": "Update"}, "kind 'update' must be settings such as"),
}
"""What MkDocs checks of the plugin's `kinds`, and Zensical does not of the extension's."""


@pytest.mark.parametrize("case", [*BAD_KINDS, *SETTINGS_AN_ENGINE_DOES_NOT_CHECK])
def test_a_kind_that_cannot_be_used_is_refused_with_how_to_fix_it(case: str) -> None:
    kinds, message = {**BAD_KINDS, **SETTINGS_AN_ENGINE_DOES_NOT_CHECK}[case]
    with pytest.raises(KindError) as refused:
        resolve_kinds(kinds, [])
    assert str(refused.value).startswith(message)


def test_a_kind_takes_the_defaults_for_what_it_does_not_say() -> None:
    kind = resolve_kinds({"update": {"label": "Update"}}, [])["update"]
    assert (kind.icon, kind.color, kind.motivation) == ("material/tag-outline", "#6a1b9a", "commenting")
    assert (kind.needs_sources, kind.needs_author, kind.needs_body) == (False, False, True)


def _site_with_kind(root: Path, **settings: str) -> Path:
    """A page with a note, and a site kind `update` with `settings` beside its label."""
    return write_project(root, {"index.md": "# Home\n\nWelcome.\n"},
                         {"index/n.md": annotation("note", quote="Welcome", author="A")},
                         {"plugins": ["search", {"glossa": {"kinds": {"update": {
                             "label": "Update", **settings}}}}]})


def test_every_kind_that_cannot_be_used_is_said_at_once() -> None:
    """Said one a build, an editor fixed them one a build."""
    with pytest.raises(KindError) as raised:
        resolve_kinds({"update": {"label": "Update", "color": "purple"}, "memo": {"colour": "#123"},
                       "fine": {"label": "Fine"}}, [])
    assert str(raised.value) == (
        "kind 'update' colour must be a hex colour like '#6a1b9a', not 'purple'\nkind 'memo' has "
        "the unknown setting 'colour' (did you mean 'color'?); allowed: label, plural, icon, color, "
        "motivation, sources, author, body, from_readers")
    assert raised.value.lines("glossa: ").count("\nglossa: kind 'memo'") == 1


def test_the_plugin_stops_the_build_on_a_kind_it_cannot_use(tmp_path: Path) -> None:
    root = _site_with_kind(tmp_path, color="purple")
    result = build(root)
    assert result.aborted
    assert kinds_option(root) + "kind 'update' colour must be a hex colour like '#6a1b9a', not 'purple'" \
        in result.warnings


def test_a_kind_that_stops_the_build_leaves_the_extensions_differences_said(tmp_path: Path) -> None:
    """The differences were said before the kind's error; then, for a while, they were lost."""
    root = _site_with_kind(tmp_path, color="purple")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"] = [{"glossa.extension": {"publisher": "Someone else"}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = build(root)
    assert result.aborted
    assert sorted(w.split("'")[1] for w in result.warnings if "give different" in w) == ["kinds", "publisher"]
    # each at the plugin's line for it: publisher not written (the entry's), kinds
    assert [w.split(": the glossa plugin")[0] for w in result.warnings if "give different" in w] == [
        "glossa: mkdocs.yml:6", "glossa: mkdocs.yml:7"]


def test_an_icon_that_is_nowhere_is_named_and_the_kind_keeps_its_letter(tmp_path: Path) -> None:
    root = _site_with_kind(tmp_path, icon="material/updte")
    result = build(root)
    assert not result.aborted
    assert (kinds_option(root) + "kind 'update': there is no icon 'material/updte' in the theme's icon "
            "set (did you mean 'material/update'?), so its cards show its first letter; check the "
            "icon's name") in result.warnings
    assert "update" not in (result.site / "glossa/kinds.css").read_text(encoding="utf-8")


def test_a_misspelt_icon_is_told_the_closest_icon_of_its_own_set(tmp_path: Path) -> None:
    """The name is compared without its set's: the shared 'material/' alone made 'material/info'
    look like 'material/piano'. An icon at the set folder's root has no name to suggest, nor one
    that links out of the icon set, which is refused."""
    from glossa.kinds import icons_not_found

    icons = tmp_path / "theme" / ".icons"
    for name in ("material/rocket", "material/piano", "material/update", "logo"):
        (icons / f"{name}.svg").parent.mkdir(parents=True, exist_ok=True)
        (icons / f"{name}.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "outside.svg").write_text("<svg/>", encoding="utf-8")
    (icons / "material" / "brand.svg").symlink_to(tmp_path / "outside.svg")

    def said(icon: str) -> str:
        [kind] = [k for name, k in resolve_kinds({"update": {"label": "U", "icon": icon}},
                                                  [str(tmp_path / "theme")]).items() if name == "update"]
        [message] = icons_not_found({"update": kind}, [str(tmp_path / "theme")])
        return message.split("icon set")[1].split(", so")[0]

    assert said("material/rockett") == " (did you mean 'material/rocket'?)"
    assert said("materal/update") == " (did you mean 'material/update'?)"  # the set misspelt
    assert said("rockett") == " (did you mean 'material/rocket'?)"  # no set
    assert said("material/info") == said("material/logo") == said("material/brandd") == ""


def test_settings_for_a_default_kind_change_only_what_they_give(tmp_path: Path) -> None:
    """`correction: {label: Fix}` renames corrections; they still need a verdict and sources."""
    root = write_project(tmp_path, {"index.md": "# Home\n\nWelcome.\n"}, {
        "index/c.md": annotation("correction", "Wrong.", quote="Welcome", verdict="false")},
        {"plugins": ["search", {"glossa": {"kinds": {"correction": {"label": "Fix"}}}}]})
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    card = result.page("index.html").xpath("//*[@data-glossa-id='c']")[0]
    assert card.xpath("string(.//*[@class='glossa-card__label'])") == "Fix"
    assert card.xpath(".//*[@data-verdict='false']"), "its verdict is shown"
    kind = resolve_kinds({"correction": {"label": "Fix"}}, [])["correction"]
    assert (kind.needs_verdict, kind.needs_sources, kind.color) == (True, True, "#c62828")


def test_an_icon_file_that_is_not_an_svg_is_named(tmp_path: Path) -> None:
    from glossa.kinds import icons_not_found

    icon = tmp_path / ".icons" / "ours" / "stamp.svg"
    icon.parent.mkdir(parents=True)
    icon.write_text("GIF89a, not a drawing", encoding="utf-8")
    kinds = resolve_kinds({"update": {"label": "Update", "icon": "ours/stamp"}}, [str(tmp_path)])
    [message] = [m for m in icons_not_found(kinds, [str(tmp_path)]) if m.startswith("kind 'update'")]
    assert message == ("kind 'update': the icon file 'ours/stamp.svg' holds no SVG, so its cards "
                       "show its first letter; check the icon's name")


def test_links_are_marked_as_readers_for_the_kinds_readers_write(tmp_path: Path) -> None:
    """`rel="nofollow ugc"` follows the kind's `from_readers`, not its name: a site's own kind of
    readers' questions gets it, and a site whose notes are its editors' can turn it off."""
    body = "See [the report](https://example.org/report)."
    source = [{"url": "https://example.org/evidence"}]
    root = write_project(tmp_path, {"index.md": "# Home\n\nWelcome to the page.\n"}, {
        "index/q.md": annotation("question", body, quote="Welcome", sources=source),
        "index/n.md": annotation("note", body, quote="the page", sources=source)},
        {"plugins": ["search", {"glossa": {"kinds": {
            "question": {"label": "Question", "from_readers": True},
            "note": {"from_readers": False}}}}]})
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("index.html")
    for id, rel in (("q", "nofollow ugc noopener"), ("n", "noopener")):
        links = page.xpath(f"//*[@data-glossa-id='{id}']//a[starts-with(@href, 'https://')]")
        assert len(links) == 2, id  # the body's link and the source's
        assert {link.get("rel") for link in links} == {rel}, id
    assert resolve_kinds({}, [])["note"].from_readers, "a note is by readers unless a site says not"


def test_a_page_level_annotation_of_a_kind_without_a_body_leads_the_summary_with_nothing(
        tmp_path: Path) -> None:
    """A flag about the whole page, with no summary and no body, led the summary with a line of
    just "." and a link."""
    root = write_project(tmp_path, {"index.md": "# Home\n\nWelcome.\n"}, {
        "index/flag.md": annotation("flag", "")},
        {"plugins": ["search", {"glossa": {"kinds": {"flag": {"label": "Flag", "body": False}}}}]})
    result = build(root, strict=True)
    assert not result.aborted, result.warnings
    [summary] = result.page("index.html").xpath("//*[@data-glossa-summary]")
    assert not [p for p in summary.xpath(".//p") if p.text_content().strip().startswith(".")]
    assert summary.xpath(".//*[@data-glossa-id='flag']"), "its card is there"


@pytest.mark.parametrize(("settings", "counted"), [
    ({"label": "Reply"}, "2 replies"), ({"label": "Entry"}, "2 entries"), ({"label": "Day"}, "2 days"),
    ({"label": "Box"}, "2 boxes"), ({"label": "Analysis", "plural": "Analyses"}, "2 analyses"),
])
def test_the_summary_counts_a_kind_in_its_plural(settings: dict[str, str], counted: str) -> None:
    """'2 replys', '2 entrys', '2 analysises': a label's plural was its label and an 's' or 'es'."""
    from glossa.render import plural

    [kind] = [k for name, k in resolve_kinds({"reply": settings}, []).items() if name == "reply"]
    assert f"2 {plural(kind, 2)}" == counted and plural(kind, 1) == settings["label"].lower()


def test_an_options_line_is_looked_for_in_the_plugins_entry_alone(tmp_path: Path) -> None:
    """`- glossa.extension:` above the plugin's entry was taken for it, so an error in the plugin's
    kinds was said at the extension's `kinds:` line; an option the plugin does not give was found
    further down (in `nav:`)."""
    from glossa.options import option_line

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nmarkdown_extensions:\n  - glossa.extension:\n      kinds:\n"
                      "        update: {label: U}\nplugins:\n  - search\n  - glossa:\n      publisher: P\n"
                      "  - tags\nnav:\n  - kinds: x.md\n", encoding="utf-8")
    assert option_line(str(config), "publisher") == 9
    assert option_line(str(config), "kinds") == 8  # not written: the entry's own line
    assert option_line(str(config), "kinds", "extension") == 4  # the extension's, for Zensical
    assert option_line(str(config), "publisher", "extension") == 3
    # nor `- glossa/glossa.css` in extra_css, above it (the edition's own mkdocs.yml)
    config.write_text("site_name: x\nextra_css:\n  - glossa/glossa.css\nplugins:\n  - search\n"
                      "  - 'glossa' # annotations\n", encoding="utf-8")
    assert option_line(str(config), "publisher") == 6
    # plugins as a mapping; a comment that names the option is not where it is written
    config.write_text("site_name: x\nplugins:\n  search: {}\n  glossa:\n    # kinds: old\n"
                      "    kinds:\n      update: {label: U}\n", encoding="utf-8")
    assert option_line(str(config), "kinds") == 6
    # only in `plugins:`, and only the entry's own options, not a kind's key of the same name
    config.write_text("site_name: x\nextra:\n  glossa:\n    publisher: no\nplugins:\n- search\n- glossa:\n"
                      "    kinds:\n      publisher: {label: P}\n    publisher: P\nnav:\n- glossa: g.md\n",
                      encoding="utf-8")
    assert (option_line(str(config), "kinds"), option_line(str(config), "publisher")) == (8, 10)
    assert option_line(str(config), "annotations_dir") == 7
    # not in the file (inherited, or Zensical's TOML): no line rather than a wrong one
    config.write_text('[project]\nsite_name = "x"\n[project.markdown_extensions."glossa.extension".kinds]\n',
                      encoding="utf-8")
    assert option_line(str(config), "kinds", "extension") is None
