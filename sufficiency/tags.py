"""GOV.UK tags: one colour for each meaning, so a status reads the same on every page and paper.

Each area maps its own statuses (an action's status, a measure's RAG, an Ofsted rating, an
import's state) to one of these meanings; the colour of a meaning is decided here only.
"""

from __future__ import annotations

from dataclasses import dataclass

# Meanings, and the GOV.UK tag colour each is shown in.
GOOD = "green"  # on track, green RAG, imported, ready, Outstanding
DONE = "blue"  # complete; also "in hand" states such as queued and Good
WARNING = "yellow"  # at risk, amber RAG, a warning, Requires improvement
BAD = "red"  # off track, red RAG, overdue, failed, rejected, Inadequate
NEUTRAL = "grey"  # not started, no RAG, replaced, not yet inspected, draft

COLOURS = (GOOD, DONE, WARNING, BAD, NEUTRAL)


def css(colour: str) -> str:
    """The modifier class for a colour: "govuk-tag--green"."""
    if colour not in COLOURS:
        raise ValueError(f"Not a tag colour: {colour}")
    return f"govuk-tag--{colour}"


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str

    @property
    def css(self) -> str:
        return css(self.colour)
