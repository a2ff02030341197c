"""Cross-site scripting, tried in a browser (SPEC §6, issue 7): payloads in every field of an
annotation file that reaches a page are published as text or removed, never as live markup.

Every payload goes, at once, into four annotations on one page:
- `n<i>` (note): the quote (the page holds the payload as text, in a code span), the author and
  the body; it anchors thanks to its suffix.
- `s<i>` (source): the prefix and suffix (it quotes the marker between two copies of the payload),
  the sources' title, publisher, original and URL (made valid http(s) by a prefix), and the body.
- `c<i>` (correction): a quote that is not in the text (so it is shown in the summary, the section
  of annotations not placed, the corrections page and its ClaimReview JSON-LD), author and body.
- `p<i>` (note): no quote (a page-level card); the payload as a block of the body.
Multi-line Markdown payloads (reference links, raw HTML blocks, admonitions) are bodies of their
own notes. File names cannot carry payloads: ids are restricted, which the tests also show, and a
`javascript:` or `data:` URL, a payload as kind, verdict or date, is an error, never a page.

The browser (Chromium, JavaScript on, the site on 127.0.0.1) proves: no dialog, no `window.__xss`,
no `XSS-MARKER` in the console, no request beyond 127.0.0.1, every payload's annotations on the
page, and no live markup: no `on*` attribute, script, frame, form, base or meta refresh from a
payload, no `javascript:`/`data:` URL, only allowed tags and attributes in card bodies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from glossa.anchor import normalise
from glossa.bodies import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, COMMENT, sanitise
from helpers import annotation, build, free_port, kinds_option, serve_directory, write_project
from lxml import html as lxml_html

JS = "alert(1)"
PAYLOADS: list[str] = [
    # script elements
    "<script>alert(1)</script>",
    "<script>window.__xss=1</script>",
    "<script>console.log('XSS-MARKER')</script>",
    "<script src=https://evil.example/x.js></script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="window.__xss=1">',
    "<img src=x onerror=\"console.log('XSS-MARKER')\">",
    "<img src=x onerror=\"&#97;lert(1)\">",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<div onmouseover=alert(1) style=position:fixed;inset:0>cover</div>",
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>"
    "</foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # javascript: and data: URLs
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    '[a](https://example.org "title\\" onmouseover=\\"alert(1)")',
    "[a](https://example.org){: onclick=\"alert(1)\" #glossa-fake .glossa-card }",
    # remote resources (a request off 127.0.0.1 would show)
    "![x](https://evil.example/pixel.png)",
    "![x](//evil.example/pixel.png)",
    "![x](/\\evil.example/pixel.png)",
    '<img src="/\\evil.example/pixel.png">',
    '<img src="x.png" srcset="https://evil.example/a.png 1x">',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    "<style>@import url(https://evil.example/x.css);</style>",
    # CSS
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="background-image:url(https://evil.example/bg.png)">x</div>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="x:expression(alert(1))">old IE</p>',
    # frames, objects, forms, meta, base
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<table><td background="javascript:alert(1)">cell</td></table>',
    # breaking out of attributes, elements and script blocks
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus '",
    "</script><script>alert(1)</script>",
    "</script><!--<script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "--><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</q></p></article><script>alert(1)</script>",
    "<xmp><script>alert(1)</script></xmp>",
    "<template><script>alert(1)</script></template>",
    "\u2028\u2029</script><script>alert(1)</script>",
    # markup inside allowed attributes (a title is kept, and written with its '<' and '>')
    '<abbr title="x><img src=x onerror=alert(1)>">t</abbr>',
    '<a href="https://example.org" title="</a><script>alert(1)</script>">t</a>',
    # ids and Glossa's own markup
    '<a id="glossa-n1" data-glossa-id="forged" href="#">fake card</a>',
    '<div id="glossa-n2" data-glossa-id="forged" class="admonition" style="color: red">fake card</div>',
    '<span style="position: fixed; inset: 0">cover</span>',
    '<p id="p1" class="glossa-card md-typeset" data-glossa-ref="n1">spoof</p>',
    # markup that tries to swallow the page
    "<div><p>unclosed <b><i><table><tr><td>swallow",
    "<plaintext>",
    "<textarea>",
    "<select><option>",
    # harmless but tempting
    "{{7*7}} ${alert(1)} #{alert(1)}",
    '<a href="mailto:x@example.org?body=<script>alert(1)</script>">mail</a>',
    "<a href=\"https://example.org\" target=\"_blank\" rel=\"opener\">tabnabbing</a>",
]

BODY_ONLY: list[str] = [
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    "![pixel][img]\n\n[img]: https://evil.example/pixel.png",
    "<div markdown>\n[click](javascript:alert(1))\n</div>",
    "```html\n<script>alert(1)</script>\n```",
    '!!! note "<img src=x onerror=alert(1)>"\n    An admonition title.',
    "Footnote[^x].\n\n[^x]: <script>alert(1)</script>",
    "## Heading {: #glossa-forged onclick=\"alert(1)\" }\n\nText.",
    "<script>\nwindow.__xss = 1\n</script>",
    "<svg>\n<script>alert(1)</script>\n</svg>",
    "<div\nonmouseover=alert(1)>a tag over two lines</div>",
    "<p>\n<a href=\"javascript:alert(1)\"\n>multi-line link</a>\n</p>",
    "<!-- a comment --> <![CDATA[ <script>alert(1)</script> ]]>",
]

REFUSED: dict[str, tuple[str, str]] = {
    # file -> (front matter, the start of its error after the path): never published
    "refused-url": ("kind: source\nsources:\n  - url: javascript:alert(1)\n",
                    ":4: source 'url' must be an http:// or https:// URL, not 'javascript:alert(1)'"),
    "refused-url-spaces": ("kind: source\nsources:\n  - url: ' javascript:alert(1)'\n",
                           ":4: source 'url' must be an http:// or https:// URL"),
    "refused-archive": ("kind: source\nsources:\n  - url: https://example.org/\n"
                        "    archive: data:text/html,<script>alert(1)</script>\n",
                        ":5: source 'archive' must be an http:// or https:// URL"),
    "refused-kind": ("kind: <script>alert(1)</script>\nauthor: x\n",
                     ":2: unknown kind '<script>alert(1)</script>'"),
    "refused-verdict": ("kind: correction\nverdict: '\"><script>alert(1)</script>'\nsources:\n"
                        "  - url: https://example.org/\n", ":3: unknown verdict"),
    "refused-date": ("kind: note\nauthor: x\ndate: <script>alert(1)</script>\n",
                     ":4: 'date' must be a date as YYYY-MM-DD"),
    "refused-source-date": ("kind: source\nsources:\n  - url: https://example.org/\n"
                            "    date: '\"><svg onload=alert(1)>'\n", ":5: source 'date' must be"),
}

NAME_PAYLOADS = ["<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "javascript:alert(1)",
                 "x' onmouseover='alert(1)"]

PAGE = "xss"
SCRIPT_MARKERS = ("alert(", "__xss", "XSS-MARKER", "msgbox(")


def code_span(text: str) -> str:
    """`text` as a Markdown code span: the page shows it as text, character for character."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def marker(i: int) -> str:
    return f"¤{i}¤"


def source_url(i: int, payload: str) -> str:
    return f"https://example.org/{i}/" + re.sub(r"\s+", "", payload)


def page_markdown() -> str:
    lines = ["# Hostile payloads", ""]
    for i, payload in enumerate(PAYLOADS):
        lines += [f"Payload {i}: {code_span(payload)} {marker(i)} {code_span(payload)}", ""]
    lines += ["The last paragraph.", ""]
    return "\n".join(lines)


def body_of(payload: str) -> str:
    """A payload as a source's or correction's body. One of comments alone is refused, as an empty
    body is (test_build), so a word follows it there."""
    comments_alone = not COMMENT.sub("", payload).strip()
    return f"{payload} Checked." if comments_alone else payload


def annotations() -> dict[str, str]:
    files: dict[str, str] = {}
    for i, payload in enumerate(PAYLOADS):
        quote = payload.strip()
        files[f"{PAGE}/n{i}.md"] = annotation("note", f"Note: {payload}", quote=quote,
                                               suffix=marker(i), author=payload)
        files[f"{PAGE}/s{i}.md"] = annotation(
            "source", body_of(payload), quote=marker(i), prefix=quote, suffix=quote,
            sources=[{"url": source_url(i, payload), "title": payload,
                      "publisher": f"{payload} (publisher)", "original": f"{payload} (original)",
                      "archive": source_url(i, payload)}])
        files[f"{PAGE}/c{i}.md"] = annotation(
            "correction", body_of(payload), quote=f"{quote} {marker(i)} is not in the text", verdict="false",
            author=payload, sources=[{"url": source_url(i, payload), "title": payload}])
        files[f"{PAGE}/p{i}.md"] = annotation("note", f"Before {i}.\n\n{payload}\n\nAfter {i}.",
                                               author=payload)
    for j, body in enumerate(BODY_ONLY):
        files[f"{PAGE}/b{j}.md"] = annotation("note", body, author=f"Body payload {j}")
    for name, (front, _) in REFUSED.items():
        files[f"{PAGE}/{name}.md"] = f"---\n{front}---\nRefused.\n"
    for k, name in enumerate(NAME_PAYLOADS):
        files[f"{PAGE}/{name}.md"] = annotation("note", f"Name payload {k}.")
    return files


PUBLISHED = {f"{prefix}{i}" for i in range(len(PAYLOADS)) for prefix in "nscp"} | {
    f"b{j}" for j in range(len(BODY_ONLY))}


@dataclass
class XssSite:
    root: Path
    warnings: list[str]
    url: str = ""
    pages: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[XssSite]:
    root = tmp_path_factory.mktemp("xss")
    project = write_project(root, {"index.md": "# Home\n\nThe other page.\n",
                                   f"{PAGE}.md": page_markdown()}, annotations())
    # Bypass write_project's dedent for the payload files (it would change leading spaces).
    for path, text in annotations().items():
        (project / "annotations" / path).write_text(text, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    result = build(project, site_url=url)
    assert not result.aborted
    with serve_directory(project / "site", port):
        yield XssSite(project, result.warnings, url)


def glossa_warnings(site: XssSite) -> list[str]:
    return [w for w in site.warnings if "annotations/" in w]


# --- before the browser: the build and the HTML it writes --------------------------------------

def test_every_payload_is_published_and_only_refused_files_warn(xss_site: XssSite):
    warnings = glossa_warnings(xss_site)
    for name, (_, error) in REFUSED.items():
        assert any(w.startswith(f"glossa: annotations/{PAGE}/{name}.md{error}") for w in warnings), name
    unanchored = [w for w in warnings if re.search(rf"annotations/{PAGE}/c\d+\.md:\d+: quote ", w)]
    assert len(unanchored) == len(PAYLOADS)
    names = [w for w in warnings if "is not a valid id" in w]
    assert len(names) == len(NAME_PAYLOADS)
    footnotes = [w for w in warnings if "footnotes are not rendered in annotation bodies" in w]
    assert len(footnotes) == 1  # the body with a footnote, published with it as typed
    links = [w for w in warnings if w.endswith(f"Links in a body resolve as {PAGE}.md's own do.")]
    assert links and all(re.match(rf"glossa: annotations/{PAGE}/\w+\.md:\d+: the body contains an? "
                                  r"(absolute|unrecognized relative) link '", w) for w in links), links
    sanitised = [w for w in warnings if re.match(  # what the sanitiser takes out is said
        rf"glossa: annotations/{PAGE}/\w+\.md:\d+: the body('s .* (is|are) (taken out|not shown)|"
        " shows readers nothing)", w)]
    assert len(sanitised) > len(PAYLOADS)
    forged = [w for w in warnings if "already has the id" in w]
    assert forged == []  # the page shows its payloads in code: `<a id="glossa-n1">` is text there
    assert len(warnings) == (len(REFUSED) + len(PAYLOADS) + len(NAME_PAYLOADS) + 1 + len(links)
                             + len(forged) + len(sanitised)), warnings
    page = lxml_html.parse(str(xss_site.root / "site" / PAGE / "index.html")).getroot()
    ids = [card.get("data-glossa-id") for card in page.xpath("//*[@data-glossa-id]")]
    assert sorted(ids) == sorted(PUBLISHED)


def test_card_bodies_hold_only_allowed_tags_and_attributes(xss_site: XssSite):
    """The sanitiser's allowlist, checked on what the build wrote (not on a DOM scripts changed)."""
    page = lxml_html.parse(str(xss_site.root / "site" / PAGE / "index.html")).getroot()
    bodies = page.xpath("//*[contains(concat(' ', @class, ' '), ' glossa-card__body ')]")
    assert len(bodies) > 3 * len(PAYLOADS)  # bodies the sanitiser empties (a lone script) have none
    for body in bodies:
        assert_no_live_markup(body)
    for card in page.xpath("//*[@data-glossa-kind='note']"):
        for link in card.xpath(".//*[contains(@class, 'glossa-card__body') or contains(@class, "
                               "'glossa-sources')]//a[@href]"):
            assert link.get("rel") == "nofollow ugc noopener", lxml_html.tostring(link)


def test_file_names_cannot_carry_a_payload_into_a_page(xss_site: XssSite):
    warnings = glossa_warnings(xss_site)
    for name in NAME_PAYLOADS:
        assert any(w.startswith(f"glossa: annotations/{PAGE}/{name}.md:1: '{name}' is not a valid id")
                   for w in warnings), name
    html = (xss_site.root / "site" / PAGE / "index.html").read_text(encoding="utf-8")
    assert "Name payload" not in html


def test_json_ld_in_script_elements_cannot_be_broken_out_of(xss_site: XssSite):
    """Every JSON-LD block parses, holds no `</script` or `<!--`, and gives back the quotes exactly."""
    html = (xss_site.root / "site" / PAGE / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert blocks, "no ClaimReview JSON-LD on a page with corrections"
    claims = set()
    for block in blocks:
        assert "<!--" not in block and "<script" not in block.lower()
        claims.add(json.loads(block)["claimReviewed"])
    assert claims == {f"{p.strip()} {marker(i)} is not in the text" for i, p in enumerate(PAYLOADS)}
    assert len(blocks) == len(PAYLOADS)


def test_the_w3c_export_carries_the_payloads_as_data(xss_site: XssSite):
    page = lxml_html.parse(str(xss_site.root / "site" / PAGE / "index.html")).getroot()
    href = page.xpath('//link[@rel="alternate"][@type="application/ld+json"]/@href')
    assert len(href) == 1
    export = (xss_site.root / "site" / PAGE / href[0]).resolve()
    assert export.is_relative_to(xss_site.root / "site")
    text = json.dumps(json.loads(export.read_text(encoding="utf-8")), ensure_ascii=False)
    assert all(json.dumps(p.strip(), ensure_ascii=False)[1:-1] in text for p in PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS + BODY_ONLY, ids=range(len(PAYLOADS + BODY_ONLY)))
def test_the_sanitiser_leaves_no_live_markup(payload: str):
    for user_generated in (True, False):
        cleaned = sanitise(payload, user_generated=user_generated)
        assert_no_live_markup(lxml_html.fragment_fromstring(cleaned, create_parent="div"))


def assert_no_live_markup(root: Any) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue
        assert element.tag in ALLOWED_TAGS, element.tag
        allowed = ALLOWED_ATTRIBUTES.get(element.tag, set()) | ALLOWED_ATTRIBUTES["*"] | {"rel"}
        for name, value in element.attrib.items():
            assert name in allowed, (element.tag, name)
            # Written out, not taken from the code under test: what a body may never carry.
            assert not (name in ("id", "style") or name.startswith(("data-", "on")) or ":" in name), \
                (element.tag, name)
            if name in ("href", "src"):
                assert not _dangerous_url(value), value
            if name == "src":
                assert not re.match(r"^[a-z][a-z0-9+.-]*:|^[\s/\\]*[/\\]{2}", value.strip(), re.I), value


def _dangerous_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


# --- in the browser ------------------------------------------------------------------------------

DOM_AUDIT = """
({allowedTags, markers}) => {
  const problems = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "background",
                         "poster", "srcset", "srcdoc", "ping", "cite", "codebase"];
  for (const el of document.querySelectorAll("*")) {
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (name.startsWith("on")) problems.push(`${el.tagName} has ${name}`);
      if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(value))
        problems.push(`${el.tagName} ${name}=${attribute.value}`);
      if (name === "srcdoc") problems.push(`${el.tagName} has srcdoc`);
    }
  }
  // Material's own search form and palette inputs live outside the content.
  const live = ".md-content :is(iframe, frame, object, embed, form, plaintext, xmp, textarea, select, "
    + "input), base, meta[http-equiv='refresh' i]";
  for (const el of document.querySelectorAll(live))
    problems.push(`a <${el.tagName}> element`);
  for (const script of document.querySelectorAll("script")) {
    const text = script.textContent;
    if (script.type === "application/ld+json") {
      try { JSON.parse(text); } catch (e) { problems.push("JSON-LD that does not parse"); }
    } else if (markers.some((m) => text.includes(m))) {
      problems.push("a script holding a payload");
    }
    if (script.src && new URL(script.src).origin !== location.origin)
      problems.push(`script from ${script.src}`);
    if (script.closest("[data-glossa-id]")) problems.push("a script inside a card");
  }
  for (const img of document.querySelectorAll("img")) {
    if (img.currentSrc && new URL(img.currentSrc).origin !== location.origin)
      problems.push(`image from ${img.currentSrc}`);
  }
  // Tags and attributes a body must never bring, live (the static allowlist is checked on the
  // built HTML; at run time Material and glossa.js add classes and code-block ids of their own).
  for (const el of document.querySelectorAll(".glossa-card__body *")) {
    const tag = el.tagName.toLowerCase();
    if (!allowedTags.includes(tag)) problems.push(`<${tag}> in a card body`);
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name === "id" && tag === "pre" && attribute.value.startsWith("__code_")) continue;
      if (name === "data-focus-visible-added") continue;  // Material's focus-visible polyfill
      if (name === "id" || name === "style" || name.startsWith("data-") || name.includes(":"))
        problems.push(`${tag}[${name}="${attribute.value}"] in a card body`);
    }
  }
  for (const card of document.querySelectorAll('[data-glossa-kind="note"]'))
    for (const a of card.querySelectorAll(".glossa-card__body a[href], .glossa-sources a[href]"))
      if (a.rel !== "nofollow ugc noopener") problems.push(`a note's link with rel="${a.rel}"`);
  const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
  const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicated.length) problems.push(`duplicate ids ${duplicated.slice(0, 5)}`);
  if (window.__xss !== undefined) problems.push("window.__xss is set");
  return problems;
}
"""

CARD_TEXT = """
(payloads) => payloads.map((payload, i) => {
  const q = (id) => document.querySelector(`[data-glossa-id="${id}"]`);
  const text = (el) => (el ? el.textContent : null);
  const marks = [...document.querySelectorAll("mark[data-glossa-ref]")]
    .filter((m) => m.dataset.glossaRef.split(" ").includes(`n${i}`)).map((m) => m.textContent).join("");
  return {
    quote: text(q(`n${i}`).querySelector(".glossa-card__quote q")),
    author: text(q(`n${i}`).querySelector(".glossa-card__meta")),
    marks,
    title: text(q(`s${i}`).querySelector(".glossa-sources cite a")),
    source: text(q(`s${i}`).querySelector(".glossa-sources li")),
    url: text(q(`s${i}`).querySelector(".glossa-source__url")),
    correction: text(q(`c${i}`).querySelector(".glossa-card__quote q")),
    placed: {n: !!q(`n${i}`).closest("[data-glossa-block]"), s: !!q(`s${i}`).closest("[data-glossa-block]"),
             c: !!q(`c${i}`).closest("#glossa-unanchored"), p: !!q(`p${i}`).closest("[data-glossa-summary]")},
  };
})
"""


@dataclass
class Visit:
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    off_site: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any, xss_site: XssSite) -> Iterator[tuple[Any, Visit]]:
    """A page with JavaScript on whose every dialog, console line and off-site request is kept
    (off-site requests are also stopped, so nothing leaves the machine)."""
    seen = Visit()
    context = browser.new_context(service_workers="block")
    page = context.new_page()

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(xss_site.url):
            request_route.continue_()
        else:
            seen.off_site.append(request_route.request.url)
            request_route.abort()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: seen.console.append(message.text))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith(xss_site.url)
            or request.url.startswith(("data:", "blob:")) else seen.off_site.append(request.url))
    context.route("**/*", route)
    yield page, seen
    context.close()


def settle(page: Any) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(400)  # delayed handlers: onerror of broken images, meta refresh, animations


def open_payload_page(visit: tuple[Any, Visit], xss_site: XssSite) -> tuple[Any, Visit, str]:
    """The page of payloads, loaded and settled: (page, what it did, its URL)."""
    page, seen = visit
    url = f"{xss_site.url}{PAGE}/"
    page.goto(url)
    settle(page)
    return page, seen, url


def assert_nothing_ran(page: Any, seen: Visit, url: str) -> None:
    audit = page.evaluate(DOM_AUDIT, {"allowedTags": sorted(ALLOWED_TAGS), "markers": list(SCRIPT_MARKERS)})
    assert audit == []
    assert seen.dialogs == []
    assert not [line for line in seen.console if "XSS-MARKER" in line]
    assert seen.off_site == []
    # An opened card's id may be the address's fragment (glossa.js); nothing else may change.
    assert page.url.partition("#")[0] == url, "the page navigated away (meta refresh, form or base)"


@pytest.mark.browser
def test_no_payload_runs_and_every_one_shows_as_text(visit: tuple[Any, Visit], xss_site: XssSite):
    page, seen, url = open_payload_page(visit, xss_site)
    ids = page.eval_on_selector_all("[data-glossa-id]", "cards => cards.map(c => c.dataset.glossaId)")
    assert sorted(ids) == sorted(PUBLISHED)
    assert_nothing_ran(page, seen, url)
    shown = page.evaluate(CARD_TEXT, PAYLOADS)
    for i, (payload, card) in enumerate(zip(PAYLOADS, shown, strict=True)):
        assert card["placed"] == {"n": True, "s": True, "c": True, "p": True}, i
        assert card["quote"] == payload.strip(), i
        assert card["author"] == f"By {payload}", i
        assert normalise(card["marks"]) == normalise(payload.strip()), i
        assert card["title"] == payload, i
        assert f", {payload} (publisher) (reporting by {payload} (original))" in card["source"], i
        assert card["url"] == source_url(i, payload), i
        assert card["correction"] == f"{payload.strip()} {marker(i)} is not in the text", i
    assert seen.errors == []


@pytest.mark.browser
def test_hovering_and_focusing_every_card_runs_nothing(visit: tuple[Any, Visit], xss_site: XssSite):
    # At a phone's width: a click that opens one of the 368 cards costs glossa.js 5 ms there, and
    # 50 ms on a wide screen, where every card in the margin is placed again (30 s in all).
    visit[0].set_viewport_size({"width": 390, "height": 800})
    page, seen, url = open_payload_page(visit, xss_site)
    page.evaluate("""() => { for (const el of document.querySelectorAll('[data-glossa-id] *, mark')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'toggle', 'animationstart']) {
          if (type === 'click' && el.closest('a[href]')) continue;
          el.dispatchEvent(new Event(type, {bubbles: true}));
        } } }""")
    settle(page)
    assert_nothing_ran(page, seen, url)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "corrections/"])
def test_other_pages_that_show_annotations_run_nothing(visit: tuple[Any, Visit], xss_site: XssSite,
                                                      path: str):
    page, seen = visit
    url = f"{xss_site.url}{path}"
    response = page.goto(url)
    assert response is not None and response.ok
    settle(page)
    assert_nothing_ran(page, seen, url)
    if path:
        text = page.inner_text("article")
        assert all(f"{p.strip()} {marker(i)}" in text for i, p in enumerate(PAYLOADS))


@pytest.mark.browser
@pytest.mark.parametrize("query", ["onerror", "javascript", "onmouseover"])
def test_searching_for_payloads_runs_nothing(visit: tuple[Any, Visit], xss_site: XssSite, query: str):
    """Annotation text is searchable (SPEC §4): the search results show payloads as text too."""
    page, seen, url = open_payload_page(visit, xss_site)
    page.focus("input[data-md-component='search-query']")
    page.keyboard.type(query)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0",
                           timeout=15_000)
    settle(page)
    assert_nothing_ran(page, seen, url)


# --- a kind's icon (issue 20) -------------------------------------------------------------------


def test_an_icon_path_that_leaves_the_icon_set_is_refused(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.svg").write_text("<img src=x onerror=alert(1)>", encoding="utf-8")
    project = write_project(tmp_path / "site", {"index.md": "# Home\n\nWelcome.\n"},
                            {"index/n.md": annotation("update", sources=[{"url": "https://a.example"}])},
                            {"plugins": ["search", {"glossa": {"kinds": {"update": {
                                "label": "Update", "icon": "../../../../../outside/evil"}}}}]})
    result = build(project)
    assert result.aborted
    assert (kinds_option(project) + "kind 'update' has the icon '../../../../../outside/evil', which is "
            "not the name of an icon of the theme's icon set, such as 'material/tag-outline'") \
        in result.warnings


def test_an_icon_file_that_is_not_an_svg_never_reaches_the_page(tmp_path: Path):
    project = write_project(tmp_path, {"index.md": "# Home\n\nWelcome.\n"},
                            {"index/n.md": annotation("update", quote="Welcome",
                                                      sources=[{"url": "https://a.example"}])},
                            {"theme": {"name": "material", "font": False, "custom_dir": "overrides"},
                             "plugins": ["search", {"glossa": {"kinds": {"update": {
                                 "label": "<b>Update", "icon": "mine/evil"}}}}]})
    (project / "overrides/.icons/mine").mkdir(parents=True)
    (project / "overrides/.icons/mine/evil.svg").write_text("<img src=x onerror=alert(1)>",
                                                            encoding="utf-8")
    result = build(project)
    assert not result.aborted and result.glossa_warnings() == [  # said, no longer silent
        kinds_option(project) + "kind 'update': the icon file 'mine/evil.svg' holds no SVG, so its cards "
        "show its first letter; check the icon's name"]
    html = (result.site / "index.html").read_text(encoding="utf-8")
    assert "onerror" not in html and "<b>Update" not in html
    [icon] = result.page().xpath('//*[@data-glossa-id="n"]//*[contains(@class, "glossa-card__icon")]')
    assert icon.text_content() == "<"
    assert "onerror" not in (result.site / "glossa/kinds.css").read_text(encoding="utf-8")


def test_a_bodys_highlight_and_admonition_title_are_kept():
    """Zensical's defaults render `==words==` as <mark>, and an admonition's title is a classed
    <p>: both were taken out without a word, the words left plain."""
    html = ('<p><mark>words</mark></p><div class="admonition note"><p class="admonition-title">'
            'Note</p><p>Text.</p></div><p class="glossa-row md-x">p</p>')
    assert sanitise(html, user_generated=True) == (
        '<p><mark>words</mark></p><div class="admonition note"><p class="admonition-title">Note</p>'
        '<p>Text.</p></div><p>p</p>')


def test_a_body_shown_as_plain_text_is_escaped(tmp_path: Path):
    """Over 50,000 characters a body is not rendered as Markdown but shown as text: as text."""
    body = "<img src=x onerror=alert(1)> " + "A *long* note. " * 4_000
    project = write_project(tmp_path, {"index.md": "# Home\n\nSome words here.\n"},
                            {"index/long.md": annotation("note", body=body, quote="Some words")})
    card = build(project).page().get_element_by_id("glossa-long")
    assert not card.xpath(".//img") and "<img src=x onerror=alert(1)>" in card.text_content()


def test_an_unplaced_quote_and_a_kinds_label_reach_the_search_view_escaped():
    """Search shows an entry's words as HTML: a label written in `mkdocs.yml` is text too."""
    from dataclasses import replace

    from glossa.model import DEFAULT_KINDS, Annotation
    from glossa.search import index_entry
    from glossa.templates import Templates

    note = Annotation(id="c", page="p", path="a/c.md", kind="note", body="b",
                      quote="<img src=x onerror=alert(1)//", author="A")
    kind = replace({kind.name: kind for kind in DEFAULT_KINDS}["note"], label="R&D <b>notes</b>")
    entry = index_entry(note, kind, "", Templates())
    assert "<img" not in entry and "&lt;img" in entry
    assert entry.startswith("<p>R&amp;D &lt;b&gt;notes&lt;/b&gt;:")


def test_a_scripts_or_a_styles_words_go_with_it():
    """Not left as text in the card: `alert(1)` or a style sheet shown to readers."""
    for payload in ("<script>alert(1)</script>", "<style>body { color: red }</style>"):
        assert sanitise(f"<p>{payload}kept</p>", user_generated=False) == "<p>kept</p>"
