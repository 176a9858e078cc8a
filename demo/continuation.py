"""Later years for the demo's synthetic returns, continued from the last generated one.

The demo's six years (synthetic.generate, 2019-20 to 2024-25) stay exactly as they were, row
for row: their figures are the ones users and tests know. The years after are continued from
the last of them, never by drawing the simulation again (a longer simulation would redraw
every earlier year). Each later year carries every episode open at the end of the year before
(closed, if it ends in the year, so the merge rule of MEASURES.md replaces the open copy) and
adds new children. Rates come from the last generated year: children starting (drawn like that
year's starters, the same ages and placements), ceasing and moving per child-day in care, and
care ends on the 18th birthday.

An in-year extract (ADR 0021) is the simulated year cut at its date: episodes starting after
it are left out, those ending after it are open, as a council's extract would show them. A
later extract or the year-end return of the same year comes from the same simulated year, so
they agree with one another.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from demo import synthetic
from sufficiency.calendar import collection_year, collection_year_end, collection_year_start

SHORT_BREAKS = {"V3", "V4"}
CARRIED_TABLES = ("Header", "Episodes", "UASC", "OC3")


def _d(text: str) -> date | None:
    return None if not text else date(int(text[6:10]), int(text[3:5]), int(text[0:2]))


def _day(text: str) -> date:
    """A date that is there (DECOM, a DEC already tested, a DOB of a starter)."""
    found = _d(text)
    assert found is not None, "a date was expected"
    return found


def _s(on: date | None) -> str:
    return "" if on is None else f"{on:%d/%m/%Y}"


def _birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return date(dob.year + years, 3, 1)


@dataclass(frozen=True)
class _Rates:
    starts: float  # children starting per year
    cease: float  # per child-day in care, before 18
    move: float  # placement moves per child-day in care


def _rates(episodes: pd.DataFrame, header: pd.DataFrame, year: int) -> _Rates:
    """Starters, and ceasing before 18 and moves (new placements) per child-day in care."""
    start, end = collection_year_start(year), collection_year_end(year)
    care = episodes[~episodes["LS"].isin(SHORT_BREAKS)]
    dob = care["CHILD"].map(dict(zip(header["CHILD"], header["DOB"], strict=True))).map(_d)
    eighteen = dob.map(lambda d: _birthday(d, 18) if d else date.max)
    decom = care["DECOM"].map(_d)
    dec = care["DEC"].map(_d)
    in_year = (dec.isna() | (dec >= start)) & (decom <= end)
    days = sum(
        (min(e or end, end) - max(s, start)).days + 1
        for s, e in zip(decom[in_year], dec[in_year], strict=True)
    )
    ended = dec.notna() & (dec >= start) & (dec <= end)
    starters = ((care["RNE"] == "S") & (decom >= start)).sum()
    ceased = (ended & ~care["REC"].isin(["X1", ""]) & (dec < eighteen)).sum()
    moved = ((care["RNE"] == "P") & (decom >= start) & (decom <= end)).sum()
    return _Rates(starts=float(starters), cease=ceased / days, move=moved / days)


class _Year:
    """One later collection year simulated whole, from the open episodes of the year before."""

    def __init__(self, year: int, previous: dict[str, pd.DataFrame], rates: _Rates, seed: int):
        self.year = year
        self.start, self.end = collection_year_start(year), collection_year_end(year)
        self.rng = random.Random(f"{seed}-{year}")
        self.previous = previous
        self.rates = rates
        self.header = {row["CHILD"]: dict(row) for _, row in previous["Header"].iterrows()}
        self.uasc = {row["CHILD"]: dict(row) for _, row in previous["UASC"].iterrows()}
        self.episodes: list[dict] = []
        self.children: set[str] = set()
        episodes = previous["Episodes"]
        self.starters = [
            dict(r) for _, r in episodes[(episodes["RNE"] == "S") & ~episodes["LS"].isin(
                SHORT_BREAKS)].iterrows()
        ]  # fmt: skip
        self.movers = [dict(r) for _, r in episodes[episodes["RNE"] == "P"].iterrows()]
        ceased = episodes[~episodes["REC"].isin(["X1", ""]) & ~episodes["LS"].isin(SHORT_BREAKS)]
        self.leaving_codes = list(ceased["REC"]) or ["E4A"]

    def run(self) -> dict[str, pd.DataFrame]:
        open_episodes = self.previous["Episodes"][self.previous["Episodes"]["DEC"] == ""]
        for _, row in open_episodes.iterrows():
            episode = dict(row)
            self.children.add(episode["CHILD"])
            if episode["LS"] in SHORT_BREAKS:
                self.episodes.append(episode)  # a short-break arrangement goes on
            else:
                self._follow(episode, self.start)
        for _ in range(self._poisson(self.rates.starts)):
            self._new_child()
        return self._tables()

    def _poisson(self, mean: float) -> int:
        # The sum of a year's daily chances: close to Poisson for these sizes.
        return sum(1 for _ in range(int(mean * 2)) if self.rng.random() < 0.5)

    def _wait(self, rate: float) -> int:
        return int(self.rng.expovariate(rate)) + 1 if rate > 0 else 10**6

    def _follow(self, episode: dict, since: date) -> None:
        """The episode and the child's next ones to the end of the year."""
        dob = _d(self.header[episode["CHILD"]]["DOB"])
        eighteen = _birthday(dob, 18) if dob else date.max
        while True:
            cease = since + timedelta(days=self._wait(self.rates.cease))
            move = since + timedelta(days=self._wait(self.rates.move))
            when = min(cease, move, eighteen)
            if when > self.end:
                self.episodes.append(episode)
                return
            episode["DEC"] = _s(when)
            if when == move and move < min(cease, eighteen):
                episode["REC"] = "X1"
                self.episodes.append(episode)
                template = self.rng.choice(self.movers)
                episode = {
                    **episode, "DECOM": _s(when), "RNE": "P", "DEC": "", "REC": "",
                    **{k: template[k] for k in ("PLACE", "PLACE_PROVIDER", "PL_POST", "URN",
                                                "REASON_PLACE_CHANGE")},
                }  # fmt: skip
                since = when
                continue
            if when == eighteen:
                codes, weights = synthetic._REC_AT_18_OTHER
                episode["REC"] = self.rng.choices(codes, weights)[0]
            else:
                episode["REC"] = self.rng.choice(self.leaving_codes)
            episode["REASON_PLACE_CHANGE"] = ""
            self.episodes.append(episode)
            return

    def _new_child(self) -> None:
        template = self.rng.choice(self.starters)
        decom = self.start + timedelta(days=self.rng.randrange((self.end - self.start).days + 1))
        age_days = (_day(template["DECOM"]) - _day(self.header[template["CHILD"]]["DOB"])).days
        dob = decom - timedelta(days=age_days)
        child = self._new_id()
        header = {**self.header[template["CHILD"]], "CHILD": child, "DOB": _s(dob)}
        self.header[child] = header
        if template["CHILD"] in self.uasc:
            duc = _birthday(dob, 18)
            self.uasc[child] = {**self.uasc[template["CHILD"]], "CHILD": child, "DOB": _s(dob),
                                "DUC": _s(duc)}  # fmt: skip
        self.children.add(child)
        episode = {**template, "CHILD": child, "DECOM": _s(decom), "DEC": "", "REC": "",
                   "REASON_PLACE_CHANGE": ""}  # fmt: skip
        self._follow(episode, decom)

    def _new_id(self) -> str:
        while True:
            child = str(self.rng.randrange(100000, 1000000))
            if child not in self.header:
                return child

    def _tables(self) -> dict[str, pd.DataFrame]:
        prev = self.previous
        episodes = pd.DataFrame(self.episodes, columns=prev["Episodes"].columns)
        episodes = episodes.sort_values(["CHILD", "DECOM"], key=_sort_key, kind="stable")
        if self.year >= 2026:  # Z1 is split into Z11-Z14 from 2025-26, as the 903 is
            z1 = episodes["PLACE"] == "Z1"
            episodes.loc[z1, "PLACE"] = [
                self.rng.choice(["Z11", "Z12", "Z13", "Z14"]) for _ in range(int(z1.sum()))
            ]
        oc3 = self._oc3()
        present = set(episodes["CHILD"])
        # Every child of the return has a Header row, care leavers too (as generated).
        children = sorted(present | set(oc3["CHILD"]))
        header = pd.DataFrame(
            [self.header[c] for c in children if c in self.header], columns=prev["Header"].columns
        )
        uasc = pd.DataFrame(
            [self.uasc[c] for c in sorted(present) if c in self.uasc], columns=prev["UASC"].columns
        )
        return {
            "Header": header.reset_index(drop=True),
            "Episodes": episodes.reset_index(drop=True),
            "UASC": uasc.reset_index(drop=True),
            "OC3": oc3[oc3["CHILD"].isin(self.header)].reset_index(drop=True),
        }

    def _oc3(self) -> pd.DataFrame:
        """Care leavers whose birthday (17 to 21) falls in the year: last year's a year older,
        and those who left care at 16 or over, with last year's answers or ones like them."""
        prev = self.previous["OC3"]
        answers = {row["CHILD"]: dict(row) for _, row in prev.iterrows()}
        pool = list(answers.values())
        leavers = dict.fromkeys(answers)
        for episode in self.episodes:
            if episode["DEC"] and episode["REC"] != "X1" and episode["LS"] not in SHORT_BREAKS:
                dob = _d(self.header[episode["CHILD"]]["DOB"])
                if dob and _birthday(dob, 16) <= _day(episode["DEC"]):
                    leavers[episode["CHILD"]] = None
        rows = []
        for child in leavers:
            dob_text = (answers.get(child) or self.header.get(child) or {}).get("DOB", "")
            dob = _d(dob_text)
            if dob is None:
                continue
            ages = [a for a in range(17, 22) if self.start <= _birthday(dob, a) <= self.end]
            if not ages:
                continue
            source = answers.get(child) or self.rng.choice(pool)
            rows.append({**source, "CHILD": child, "DOB": dob_text})
        return pd.DataFrame(rows, columns=prev.columns)


def _sort_key(column: pd.Series) -> pd.Series:
    if column.name == "DECOM":
        return column.map(lambda t: (t[6:10], t[3:5], t[0:2]))
    return column


def continue_returns(
    returns: dict[int, dict[str, pd.DataFrame]], *, last_year: int, seed: int
) -> dict[int, dict[str, pd.DataFrame]]:
    """Year-end returns for each year after the last in `returns`, to `last_year`."""
    first = max(returns)
    rates = _rates(returns[first]["Episodes"], returns[first]["Header"], first)
    previous = {name: returns[first][name] for name in CARRIED_TABLES}
    later: dict[int, dict[str, pd.DataFrame]] = {}
    for year in range(first + 1, last_year + 1):
        later[year] = _Year(year, previous, rates, seed).run()
        previous = later[year]
    return later


def extract(tables: dict[str, pd.DataFrame], as_at: date) -> dict[str, pd.DataFrame]:
    """A year's return as an in-year extract at `as_at` would show it."""
    episodes = tables["Episodes"]
    decom = episodes["DECOM"].map(_d)
    kept = episodes[decom <= as_at].copy()
    later = kept["DEC"].map(_d).map(lambda d: d is not None and d > as_at)
    kept.loc[later, ["DEC", "REC", "REASON_PLACE_CHANGE"]] = ""
    # Care leavers whose birthday in the year has come by the extract's date.
    oc3 = tables["OC3"]
    oc3 = oc3[oc3["DOB"].map(lambda t: _in_year_by(t, as_at))].reset_index(drop=True)
    children = set(kept["CHILD"])
    return {
        "Header": tables["Header"][tables["Header"]["CHILD"].isin(children | set(oc3["CHILD"]))],
        "Episodes": kept.reset_index(drop=True),
        "UASC": tables["UASC"][tables["UASC"]["CHILD"].isin(children)],
        "OC3": oc3,
    }


def _in_year_by(dob_text: str, as_at: date) -> bool:
    dob = _d(dob_text)
    if dob is None:
        return False
    year_start = collection_year_start(collection_year(as_at))
    return any(year_start <= _birthday(dob, a) <= as_at for a in range(17, 22))
