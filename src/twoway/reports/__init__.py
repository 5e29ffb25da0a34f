"""Showing results: in the terminal, as HTML, JSON and CSV."""
