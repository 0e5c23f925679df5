"""Texts + layout spec → plan: resolving placeholders, measuring, line breaking, hyphenation, fit and placement.

The product is a `kaartgen.model.plan.Plan`, complete enough that the backends compute nothing.
"""
