"""Bar charts drawn on the server as SVG: no script, no third-party service."""

from dataclasses import dataclass
from datetime import date

WIDTH = 720
HEIGHT = 160
MARGIN = 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    value: int
    series: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    maximum: int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN

    @property
    def total(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for bar in self.bars:
            totals[bar.series] = totals.get(bar.series, 0) + bar.value
        return totals


def stacked_bars(title: str, series: dict[str, list[tuple[date, int]]]) -> Chart:
    """One bar a day, the series stacked in the order given."""
    names = list(series)
    days = [day for day, _value in series[names[0]]] if names else []
    totals = [sum(series[name][i][1] for name in names) for i in range(len(days))]
    maximum = max(totals, default=0) or 1
    slot = (WIDTH - 2 * MARGIN) / max(len(days), 1)
    usable = HEIGHT - 2 * MARGIN
    bars = []
    for index, day in enumerate(days):
        top = HEIGHT - MARGIN
        for name in names:
            value = series[name][index][1]
            height = usable * value / maximum
            top -= height
            bars.append(
                Bar(
                    x=round(MARGIN + index * slot + slot * 0.1, 1),
                    y=round(top, 1),
                    width=round(slot * 0.8, 1),
                    height=round(height, 1),
                    day=day,
                    value=value,
                    series=name,
                )
            )
    return Chart(title=title, bars=bars, maximum=max(totals, default=0))
