"""`python -m app` runs the `bases` command."""

from app.cli import main

main()
