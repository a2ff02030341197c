"""Glossa: annotated readings for MkDocs. The core (files, anchor, page, render) has no engine imports."""

from .model import Annotation, Kind, Problem, Source

__all__ = ["Annotation", "Kind", "Problem", "Source"]
