"""The version of kaartgen (one place; pyproject reads it from here)."""

__version__ = "0.2.0"
