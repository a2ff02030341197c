"""Our CSS and JavaScript as a site ships them: minified, so that the files stay written to be read.

Readers download glossa.css and glossa.js with every annotated page; comments and indentation
were a quarter of them gzipped: 9,471 bytes as written, 7,162 minified. rcssmin and rjsmin (C,
0.14 ms for both files a build) take them out, as they do for django-compressor's users. kinds.css
is left as it is made, a rule a line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rcssmin
import rjsmin

SHIPPED = ("glossa/glossa.css", "glossa/glossa.js")
"""Their paths in the site, and in the theme's folders (`assets/glossa/`)."""


def shipped(path: str, folders: Iterable[str | Path]) -> str:
    """The file `path` (one of SHIPPED) from the first of `folders` that has it (a site's
    `custom_dir` before Glossa's own), minified."""
    source = next(Path(folder, path) for folder in folders if Path(folder, path).is_file())
    text = source.read_text(encoding="utf-8")
    return rcssmin.cssmin(text) if path.endswith(".css") else rjsmin.jsmin(text)
