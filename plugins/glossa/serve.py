"""`mkdocs serve` follows the annotations folder: every save reloads the page."""

from __future__ import annotations

import os
from typing import Any


class FolderWatch:
    """Keeps `mkdocs serve` watching a folder that may be deleted and made again (`git checkout`,
    `rm -r`): MkDocs' watch of a folder ends, without a rebuild, when the folder goes. This watches
    the folder's parent too, for the folder itself: when it goes or comes, the folder's watch is
    set up again and the site rebuilt, so that the preview shows what is on disk.

    The folder is taken out of the site's `watch:` list (which Zensical needs it in): MkDocs counts
    the watches of a path and keeps the first, so a second one would keep the watch of the folder
    deleted, and none would be set up for the folder made again."""

    def __init__(self, server: Any, folder: str, site_watch: list[str]) -> None:
        import watchdog.events  # MkDocs' own watcher; `mkdocs serve` has loaded it

        self.server, self.folder = server, folder
        site_watch[:] = [path for path in site_watch if os.path.realpath(path) != os.path.realpath(folder)]
        self.watching = os.path.isdir(folder)
        if self.watching:
            server.watch(folder, recursive=True)
        self._handler = watchdog.events.FileSystemEventHandler()
        self._handler.on_any_event = self._on_parent_event  # type: ignore[method-assign]
        self._parent = server.observer.schedule(self._handler, os.path.dirname(folder), recursive=False)

    def move_to(self, folder: str) -> None:
        """Watch `folder` instead: `annotations_dir` was changed while serving."""
        if folder == self.folder:
            return
        if self.watching:
            self.server.unwatch(self.folder)
        if os.path.dirname(folder) != os.path.dirname(self.folder):
            self.server.observer.unschedule(self._parent)
            self._parent = self.server.observer.schedule(self._handler, os.path.dirname(folder),
                                                         recursive=False)
        self.folder = folder
        self.watching = os.path.isdir(folder)
        if self.watching:
            self.server.watch(folder, recursive=True)

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
