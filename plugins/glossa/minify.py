"""Our CSS and JavaScript as a site ships them: minified, so that the files stay written to be read.

Readers download glossa.css and glossa.js with every annotated page; comments and indentation
were a quarter of them gzipped: 9,471 bytes as written, 7,162 minified. rcssmin and rjsmin (C,
0.14 ms for both files a build) take them out, as they do for django-compressor's users. kinds.css
is left as it is made, a rule a line.
"""

from __future__ import annotations

import rcssmin
import rjsmin


def minified(name: str, text: str) -> str:
    """`text`, the file `name` (`.css` or `.js`; any other is given back as it is), minified."""
    if name.endswith(".css"):
        return rcssmin.cssmin(text)
    if name.endswith(".js"):
        return rjsmin.jsmin(text)
    return text
