"""`python -m glossa`: the `glossa` command, for an environment whose scripts are not on PATH."""

from .cli import main

raise SystemExit(main())
