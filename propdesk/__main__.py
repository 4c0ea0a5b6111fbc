"""`python -m propdesk` runs the command line."""

from propdesk.cli import main

raise SystemExit(main())
