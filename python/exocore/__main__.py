"""``python -m exocore`` runs the command-line interface."""

from exocore.cli import main

raise SystemExit(main())
