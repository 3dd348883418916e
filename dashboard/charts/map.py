"""Map page builders (pure: DataFrames in, pdk.Deck / alt.Chart / DataFrame out).

The map is drawn from the shipped boundaries, so it stays readable with no map tiles: by default the deck has
no basemap at all. Rates are coloured in classes of a sequential colour-blind-safe scale (viridis, light = low);
areas and postal codes without a sufficient pooled denominator are grey ("insufficient data"), never a colour
that could be read as zero.
"""

import bisect
import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import pydeck as pdk

from dashboard.charts.palette import themed

# Viridis in 5 steps, reversed so that the lightest colour is the lowest rate.
SCALE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
INSUFFICIENT = "#c8c8c8"  # neutral grey, outside the scale (no grey in viridis)
INSUFFICIENT_ALPHA = 140  # paler than the rates, so it reads as "no value" rather than a class
LINE = [60, 60, 60, 255]
POINT_LINE = [255, 255, 255, 230]  # white rings keep circles apart from an area of the same colour
NICE_STEPS = (1, 2, 2.5, 5)  # class widths are one of these times a power of ten (in %)
DEFAULT_STEP_PCT = 1.0
LEGEND_STEP_PX = 28
POINT_RADIUS_M = 1200  # radius of the postal code with the most respondents; area ∝ respondents
KANAGAWA_VIEW = dict(latitude=35.40, longitude=139.35, zoom=8.7)  # when there is nothing to fit
FIT_PX = (760, 440)  # the part of the map (width, height) the boundaries are fitted into
MAX_ZOOM = 12
TABLE_COLUMNS = ("name", "area", "respondents", "rate", "rate_low", "rate_high", "insufficient")


@dataclass(frozen=True)
class MapTexts:
    """The words the map's tooltips use, in the page's language."""

    respondents: str  # "回答者数"
    metric: str  # "発熱者の割合"
    interval: str  # "95 %信頼区間"
    insufficient: str  # "データ不足"
    suppressed: str = ""  # "秘匿": respondents or a count not published (public build)


def _rgba(hex_colour: str, alpha: int = 220) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)] + [alpha]


def _nice_step(max_pct: float) -> float:
    """Smallest 'nice' class width (in %) with which len(SCALE) classes starting at 0 reach max_pct."""
    needed = max_pct / len(SCALE)
    if needed <= 0:
        return DEFAULT_STEP_PCT
    power = 10 ** math.floor(math.log10(needed))
    return next(m * power for m in (*NICE_STEPS, 10) if m * power >= needed)


def bin_edges(rates: pd.Series) -> list[float]:
    """Lower edges (in %) of the colour classes, from 0 in equal 'nice' steps; the last class is open-ended.

    The step is the smallest nice one with which the classes span the highest sufficient rate shown (NaN
    ignored), so the scale follows the data of the window while its edges stay round numbers to quote.
    """
    shown = rates.dropna()
    step = _nice_step(float(shown.max()) * 100) if len(shown) else DEFAULT_STEP_PCT
    return [round(i * step, 6) for i in range(len(SCALE))]


def rate_class(rate: float, edges: list[float]) -> int | None:
    """Index of the colour class of a rate (a fraction), None when the rate is missing (insufficient data)."""
    if rate is None or pd.isna(rate):
        return None
    return bisect.bisect_right(edges, round(rate * 100, 6)) - 1


def rate_colour(rate: float, edges: list[float]) -> list[int]:
    """RGBA fill of a rate; the grey of insufficient data when the rate is missing."""
    cls = rate_class(rate, edges)
    return _rgba(INSUFFICIENT, INSUFFICIENT_ALPHA) if cls is None else _rgba(SCALE[cls])


def _pct(edge: float) -> str:
    return f"{edge:g}"


def legend_labels(edges: list[float]) -> list[str]:
    """'0–1 %', '1–2 %', ..., '≥ 4 %' for the classes of `edges`."""
    bounded = [f"{_pct(lo)}–{_pct(hi)} %" for lo, hi in zip(edges, edges[1:])]
    return bounded + [f"≥ {_pct(edges[-1])} %"]


def legend_chart(edges: list[float], title: str, insufficient_label: str) -> alt.Chart:
    """A one-row strip of swatches: the rate classes, then the grey of insufficient data."""
    labels = legend_labels(edges) + [insufficient_label]
    colours = SCALE + [INSUFFICIENT]
    swatches = pd.DataFrame({"label": labels, "row": "legend"})
    chart = (
        alt.Chart(swatches, title=title)
        .mark_rect(stroke="#3c3c3c", strokeWidth=0.5)
        .encode(
            x=alt.X("label:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0, orient="bottom", ticks=False)),
            y=alt.Y("row:N", axis=None),  # a one-band y gives the strip its height inside Streamlit
            color=alt.Color("label:N", scale=alt.Scale(domain=labels, range=colours), legend=None),
            tooltip=[alt.Tooltip("label:N", title=title)],
        )
        .properties(height=alt.Step(LEGEND_STEP_PX), width="container")
    )
    return themed(chart)


def _points(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for child in coordinates:
            yield from _points(child)


def fit_view(geometries: dict[str, dict]) -> dict:
    """Centre and zoom (deck.gl web-mercator, 512-px world at zoom 0) that fit the boundaries' bounding box."""
    points = [p for g in geometries.values() for p in _points(g["coordinates"])]
    if not points:
        return dict(KANAGAWA_VIEW)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon, lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    span_lon = max(max(lons) - min(lons), 1e-6)
    span_lat = max((max(lats) - min(lats)) / math.cos(math.radians(lat)), 1e-6)
    zoom = min(math.log2(FIT_PX[0] * 360 / (512 * span_lon)), math.log2(FIT_PX[1] * 360 / (512 * span_lat)))
    return dict(latitude=round(lat, 4), longitude=round(lon, 4), zoom=round(min(zoom, MAX_ZOOM), 2))


def tooltip_text(name: str, respondents: int | None, rate: float, low: float, high: float, texts: MapTexts,
                 suppressed: bool = False) -> str:
    """Tooltip of one area or postal code: name, respondents, rate with its 95 % interval or 'insufficient'
    ('suppressed' for a public build's unpublished respondents or count)."""
    shown = texts.suppressed if respondents is None or pd.isna(respondents) else f"{int(respondents):,}"
    lines = [name, f"{texts.respondents}: {shown}"]
    if (rate is None or pd.isna(rate)) and suppressed:
        lines.append(f"{texts.metric}: {texts.suppressed}")
    elif rate is None or pd.isna(rate):
        lines.append(f"{texts.metric}: {texts.insufficient}")
    else:
        lines.append(f"{texts.metric}: {rate * 100:.1f} % ({texts.interval} {low * 100:.1f}–{high * 100:.1f} %)")
    return "\n".join(lines)


def display_names(ja: pd.Series, en: pd.Series, lang: str) -> pd.Series:
    """Names in the page's language: English when asked for and present, else Japanese."""
    return en.where(en.notna() & (en != ""), ja) if lang == "en" else ja


def _area_features(areas: pd.DataFrame, geometries: dict[str, dict], edges: list[float], texts: MapTexts,
                   lang: str, fill: bool) -> dict:
    features = []
    names = display_names(areas.name_ja, areas.name_en, lang)
    for row, name in zip(areas.itertuples(index=False), names):
        geometry = geometries.get(row.municipality_code)
        if geometry is None:
            continue
        properties = {"tooltip": tooltip_text(name, row.respondents, row.rate, row.rate_low, row.rate_high, texts,
                                              bool(getattr(row, "suppressed", False)))}
        properties["fill"] = rate_colour(row.rate, edges) if fill else [0, 0, 0, 0]
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def _signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:]))


def _rewound(geometry: dict) -> dict:
    """The geometry with d3-geo's winding (outer rings clockwise, holes anticlockwise), the reverse of GeoJSON's
    RFC 7946 order: given the RFC order, Vega would fill the whole globe outside each area."""
    def ring(points: list, outer: bool) -> list:
        clockwise = _signed_area(points) < 0
        return points if clockwise == outer else points[::-1]

    def polygon(rings: list) -> list:
        return [ring(r, i == 0) for i, r in enumerate(rings)]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in geometry["coordinates"]]}


def static_map(areas: pd.DataFrame, geometries: dict[str, dict], edges: list[float], lang: str,
               title: str) -> alt.Chart:
    """The choropleth as an Altair geoshape with the deck's colours: what a PNG export of the map card draws
    (deck.gl renders only in a browser). Insufficient areas keep their grey; the postal circles are left out."""
    names = display_names(areas.name_ja, areas.name_en, lang)
    features = [
        {"type": "Feature", "geometry": _rewound(geometries[row.municipality_code]),
         "properties": {"name": name,
                        "fill": INSUFFICIENT if rate_class(row.rate, edges) is None
                        else SCALE[rate_class(row.rate, edges)]}}
        for row, name in zip(areas.itertuples(index=False), names) if row.municipality_code in geometries
    ]
    chart = (
        alt.Chart(alt.Data(values=features), title=title)
        .mark_geoshape(stroke="#3c3c3c", strokeWidth=0.5)
        .encode(color=alt.Color("properties.fill:N", scale=None),
                tooltip=[alt.Tooltip("properties.name:N", title=None)])
        .project(type="mercator")
        .properties(width=760, height=440)
    )
    return themed(chart)


def _postal_points(postal: pd.DataFrame, edges: list[float], texts: MapTexts) -> list[dict]:
    most = max(int(postal.respondents.max()), 1) if len(postal) else 1
    return [
        {
            "position": [row.lon, row.lat],
            "radius": round(POINT_RADIUS_M * math.sqrt(row.respondents / most)),
            "fill": rate_colour(row.rate, edges),
            "tooltip": tooltip_text(f"〒{row.postal_code[:3]}-{row.postal_code[3:]} {row.place_ja}",
                                    row.respondents, row.rate, row.rate_low, row.rate_high, texts),
        }
        for row in postal.itertuples(index=False)
    ]


def map_deck(areas: pd.DataFrame, geometries: dict[str, dict], postal: pd.DataFrame | None, edges: list[float],
             texts: MapTexts, lang: str, *, fill_areas: bool = True, map_style: str | None = None) -> pdk.Deck:
    """The map: boundaries of every area (filled by rate class when fill_areas), postal points when given.

    `areas` are rows of queries.map.area_rates (named in `lang`); `postal` rows of
    queries.map.postal_rates, or None to leave the postal layer out. Only the geometry, a colour and the tooltip
    text of each object go to the browser.

    map_style None means no basemap: no tiles are requested, the boundaries alone make the map. Streamlit fills
    in a Carto basemap when a deck has no style at all, so the deck is built without a map provider, which
    leaves pydeck's unresolved-style marker that Streamlit reads as "no basemap". A style (e.g. "light", or a
    style URL) turns the Carto basemap on.
    """
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="areas",
            data=_area_features(areas, geometries, edges, texts, lang, fill_areas),
            get_fill_color="properties.fill",
            get_line_color=LINE,
            line_width_min_pixels=1,
            stroked=True,
            filled=True,
            pickable=True,
        )
    ]
    if postal is not None:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="postal",
                data=_postal_points(postal, edges, texts),
                get_position="position",
                get_radius="radius",
                get_fill_color="fill",
                get_line_color=POINT_LINE,
                stroked=True,
                line_width_min_pixels=1.5,
                radius_min_pixels=3,
                radius_max_pixels=24,
                pickable=True,
            )
        )
    basemap = dict(map_provider="carto", map_style=map_style) if map_style else dict(map_provider=None)
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**fit_view(geometries)),
        tooltip={"text": "{tooltip}"},
        **basemap,
    )


def area_table(areas: pd.DataFrame, lang: str, headers: dict[str, str], suppressed: str = "") -> pd.DataFrame:
    """The map's numbers as a table the press can quote: name, health-centre area, respondents, rate and 95 %
    interval in % (2 decimals, empty when insufficient), insufficient flag. `headers` maps each of
    TABLE_COLUMNS to its column title. Respondents a public build suppressed (NULL) read as `suppressed`."""
    respondents = areas.respondents
    if respondents.isna().any():  # a public build's suppressed respondents: the column becomes text
        respondents = respondents.astype("Int64").astype(str).where(respondents.notna(), suppressed)
    return pd.DataFrame({
        headers["name"]: display_names(areas.name_ja, areas.name_en, lang).to_numpy(),
        headers["area"]: display_names(areas.area_name_ja, areas.area_name_en, lang).to_numpy(),
        headers["respondents"]: respondents.to_numpy(),
        headers["rate"]: (areas.rate * 100).round(2).to_numpy(),
        headers["rate_low"]: (areas.rate_low * 100).round(2).to_numpy(),
        headers["rate_high"]: (areas.rate_high * 100).round(2).to_numpy(),
        headers["insufficient"]: (~areas.sufficient.astype(bool)).to_numpy(),
    })
