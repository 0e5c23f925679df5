"""Translatable messages: an English text that remembers its template and values, so a face can say it in Dutch.

The command line prints diagnostics in English; the studio (`kaartgen serve`) shows them in Dutch. A loader writes

    fail(T("'{text}' is not a valid Dutch phone number", text=text), T("write it as {example}", example="0800-2000"))

and gets a :class:`Message`: a plain ``str`` (the English text, so every existing comparison, print and JSON
serialisation is unchanged) that also carries ``template`` and ``values``. The studio looks the template up in
the Dutch catalogue (``kaartgen/locale/nl/*.po``, read with Babel) and formats the translation with the same values;
a value that is itself a Message is translated too. The catalogue is checked by ``tests/test_messages.py``: every
``T("…")`` in the source has a Dutch translation with the same ``{placeholders}``.

Only templates given literally to ``T`` can be extracted and translated; build the template from constants, never
from data.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """An English message, with the template and values it was made from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, values: dict[str, Any]) -> Message:
        made = super().__new__(cls, template.format(**values) if values else template)
        made.template = template
        made.values = values
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # survives pickling to worker processes
        return (Message, (self.template, self.values))


def T(template: str, **values: Any) -> Message:
    """Mark `template` for translation and fill in `values` (``str.format`` syntax: ``{text}``)."""
    return Message(template, values)
