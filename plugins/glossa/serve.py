"""`mkdocs serve` follows the annotations folder: every save reloads the page."""

from __future__ import annotations

import os
from typing import Any


class FolderWatch:
    """Keeps `mkdocs serve` watching a folder that may be deleted and made again (`git checkout`,
    `rm -r`): MkDocs' watch of a folder ends, without a rebuild, when the folder goes. This watches
    the folder's parent too, for the folder itself: when it goes or comes, the folder's watch is
    set up again and the site rebuilt, so that the preview shows what is on disk."""

    def __init__(self, server: Any, folder: str) -> None:
        import watchdog.events  # MkDocs' own watcher; `mkdocs serve` has loaded it

        self.server, self.folder = server, folder
        self.watching = os.path.isdir(folder)
        if self.watching:
            server.watch(folder, recursive=True)
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._on_parent_event  # type: ignore[method-assign]
        server.observer.schedule(handler, os.path.dirname(folder), recursive=False)

    def _on_parent_event(self, event: Any) -> None:
        if self.folder not in (event.src_path, getattr(event, "dest_path", None)):
            return
        if self.watching:
            self.server.unwatch(self.folder)
        self.watching = os.path.isdir(self.folder)
        if self.watching:
            self.server.watch(self.folder, recursive=True)
        # What MkDocs' own watch does on a change (`LiveReloadServer.watch`): a folder's coming or
        # going is no event its watch rebuilds on. (MkDocs offers no public way to ask for one.)
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()
