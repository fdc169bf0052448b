"""How each status is drawn: the map's colour and a shape per status, for every format that styles points."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    """A status's marker: fill colour (hex, as in atlas.css), shape, and whether its outline is dashed."""

    colour: str
    shape: str   # circle, diamond, square, dome (a half disc) or ring (a circle with a dashed outline)
    dashed: bool = False

    def rgb(self) -> tuple[int, int, int]:
        """Return the fill colour as red, green, blue (0-255)."""
        return int(self.colour[1:3], 16), int(self.colour[3:5], 16), int(self.colour[5:7], 16)


OUTLINE = "#222222"
#: One symbol a status (each of app.domain.timeline.STATUSES), as the map draws it (app/pages/static/atlas.css;
#: tests/test_peers.py checks the two agree).
SYMBOLS = {
    "active": Symbol("#1a9850", "circle"),
    "handover_announced": Symbol("#fdae61", "diamond"),
    "handed_over": Symbol("#2c7bb6", "square"),
    "withdrawal_announced": Symbol("#f46d43", "dome"),
    "withdrawn": Symbol("#bababa", "ring", dashed=True),
    "unknown": Symbol("#ffffff", "circle"),
}
