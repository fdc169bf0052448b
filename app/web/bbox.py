"""The bbox parameter: 4 numbers (or 6, with heights), WGS84 longitude and latitude, each error naming its axis."""

from app.domain.errors import BadInput
from app.web.forms import BBOX

#: Where the atlas's sites are (lon, lat), to recognise latitude and longitude given the wrong way round.
REGION = (34.0, 28.0, 50.0, 39.0)
ALLOWED = "minlon,minlat,maxlon,maxlat (WGS84; -180<=lon<=180, -90<=lat<=90; 6 numbers with min and max heights)"


def _numbers(value: str, name: str) -> list[float]:
    try:
        nums = [float(p) for p in value.split(",")]
    except ValueError:
        raise BadInput(f"{name} must hold four numbers separated by commas, got {value!r}", parameter=name,
                       allowed=ALLOWED) from None
    if len(nums) not in (4, 6) or any(n != n or n in (float("inf"), float("-inf")) for n in nums):
        raise BadInput(f"{name} must hold four numbers (or six), got {len(nums)}", parameter=name, allowed=ALLOWED)
    return nums if len(nums) == 4 else [nums[0], nums[1], nums[3], nums[4]]


def _inside(lon: float, lat: float) -> bool:
    west, south, east, north = REGION
    return west <= lon <= east and south <= lat <= north


def _swap_hint(minlon: float, minlat: float, maxlon: float, maxlat: float) -> str:
    """A hint when the numbers read right as latitude,longitude pairs around Iraq and Syria (a common mix-up)."""
    given = _inside(minlon, minlat) and _inside(maxlon, maxlat)
    swapped = _inside(minlat, minlon) and _inside(maxlat, maxlon)
    if swapped and not given:
        lons, lats = sorted((minlat, maxlat)), sorted((minlon, maxlon))
        return (f"; the numbers look like latitude,longitude pairs: bbox takes longitude first, "
                f"so try bbox={lons[0]:g},{lats[0]:g},{lons[1]:g},{lats[1]:g}")
    return ""


def parse_bbox(value: str | None, name: str = "bbox", antimeridian: bool = False
               ) -> tuple[float, float, float, float] | None:
    """Parse minlon,minlat,maxlon,maxlat in WGS84, in range and in order; errors name the axis at fault.

    With `antimeridian` (OGC API - Features), minlon above maxlon is a box across the antimeridian,
    unless the numbers read as latitude,longitude pairs around the atlas's region (then the hint).
    """
    if value is None or value == "":
        return None
    minlon, minlat, maxlon, maxlat = _numbers(value, name)
    hint = _swap_hint(minlon, minlat, maxlon, maxlat)
    for axis, number, limit in (("minlon", minlon, 180), ("maxlon", maxlon, 180), ("minlat", minlat, 90),
                                ("maxlat", maxlat, 90)):
        if abs(number) > limit:
            raise BadInput(f"{name}: {axis} {number:g} is out of range (-{limit} to {limit}){hint}",
                           parameter=name, allowed=ALLOWED)
    faults = [f"min{axis} {low:g} is above max{axis} {high:g}"
              for axis, low, high in (("lon", minlon, maxlon), ("lat", minlat, maxlat)) if low > high
              and not (axis == "lon" and antimeridian and not hint)]
    if faults:
        fix = hint or (f"; try bbox={min(minlon, maxlon):g},{min(minlat, maxlat):g},"
                       f"{max(minlon, maxlon):g},{max(minlat, maxlat):g}")
        across = (" (a box across the antimeridian is read as one only by /ogc items: no site is near it)"
                  if minlon > maxlon else "")
        raise BadInput(f"{name}: {' and '.join(faults)}{fix}{across}", parameter=name, allowed=ALLOWED)
    BBOX.require(value, name)
    return minlon, minlat, maxlon, maxlat
