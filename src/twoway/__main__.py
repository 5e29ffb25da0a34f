"""``python -m twoway``."""

from twoway.cli import main

main()
