"""Types only: the values that pass between the stages (diagnostics, content, regions, layouts, plans, editions).

Nothing here reads a file or imports a third-party library; every other package may import from here.
"""
