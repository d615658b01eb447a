"""Colours and order of the RAG statuses, shared by the PNG charts and the Datasette dashboard."""

from __future__ import annotations

RAG_COLOURS = {"complete": "#2f6db5", "green": "#2e9e44", "amber": "#f2a900", "red": "#d7261e"}
"""Colour per status; blue for complete, as most papers print it."""

STACK_ORDER = ("complete", "green", "amber", "red")
"""Bottom to top in a stacked bar: what is done forms the base."""
