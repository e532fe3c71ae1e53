"""Random instances with realistic distributions, for tests and the benchmark.

Crèches sit in a unit square cut into communes (or arrondissements); families
rank up to five crèches, biased to the nearest and to the most popular ones.
Points follow a Toulouse-like grid (0 to 20); the grid adds a bonus at the
crèche where an older sibling is enrolled and at the crèches of the family's
commune, so priorities differ from one crèche to the next.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .model import Child, Family, Instance, Unit

START_DATE = date(2026, 9, 1)
SECTIONS = (("bebes", 0, 17, 0.45), ("moyens", 18, 29, 0.30), ("grands", 30, 47, 0.25))
FIRST_NAMES = (
    "Adam", "Alice", "Ambre", "Aya", "Camille", "Chloé", "Eden", "Élise", "Gabriel", "Inès",
    "Jade", "Jules", "Léa", "Léon", "Lina", "Louise", "Lucas", "Maël", "Mia", "Noah",
    "Nour", "Rose", "Sacha", "Sofia", "Tom", "Yanis", "Zoé", "Ibrahim", "Manon", "Paul",
)  # fmt: skip
SIBLING_BONUS = 3
COMMUNE_BONUS = 2


@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    children: int
    creches: int
    seats: int
    communes: int


SCALES = {
    "village": Scale("village", 150, 5, 55, 1),
    "small": Scale("small", 800, 15, 300, 3),
    "paris-arr": Scale("paris-arr", 1_500, 25, 550, 1),
    "montreuil": Scale("montreuil", 2_500, 50, 700, 1),
    "paris": Scale("paris", 30_000, 450, 10_000, 20),
}


@dataclass(frozen=True, slots=True)
class Features:
    part_week: bool = True
    siblings: bool = True
    transfers: bool = True
    # an enrolled child asking a transfer together with a new sibling ("same crèche or
    # none"); off by default, so that the benchmark's instances stay the same
    joint_transfers: bool = False


ALL_FEATURES = Features()
FULL_WEEK_SINGLES = Features(part_week=False, siblings=False, transfers=False)


def generate(
    scale: Scale | str,
    *,
    seed: int = 0,
    features: Features = ALL_FEATURES,
    lottery_seed: str | None = None,
) -> Instance:
    scale = SCALES[scale] if isinstance(scale, str) else scale
    rng = random.Random(seed)
    grid = max(1, math.isqrt(scale.communes))
    creches = _creches(rng, scale, grid)
    units = _units(rng, scale, creches, features)
    sampler = _WishSampler(creches, scale)
    children, families = _children(rng, scale, creches, sampler, features, grid)
    if features.transfers:
        children = _transfers(rng, children, units, creches, sampler)
    if features.joint_transfers:
        joint_rng = random.Random(f"joint-transfers-{seed}")  # the other draws stay the same
        children = _joint_transfers(joint_rng, children, families, units, creches, sampler)
    names = {cid: f"Crèche {cid[1:]}" for cid, *_ in creches}
    return Instance(
        units=tuple(units),
        children=tuple(children),
        families=tuple(families),
        lottery_seed=lottery_seed or f"sppe-{scale.name}-{seed}",
        start_date=START_DATE,
        creche_names=names,
    )


# Crèches and units -------------------------------------------------------------------------


def _creches(rng: random.Random, scale: Scale, grid: int) -> list[tuple[str, float, float, float]]:
    width = len(str(scale.creches))
    creches = []
    for i in range(scale.creches):
        x, y = rng.random(), rng.random()
        popularity = rng.lognormvariate(0.0, 0.6)
        creches.append((f"C{i:0{width}d}", x, y, popularity))
    return creches


def _commune(x: float, y: float, grid: int) -> int:
    return min(grid - 1, int(y * grid)) * grid + min(grid - 1, int(x * grid))


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` proportionally to ``weights`` (largest remainder, deterministic)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _units(rng: random.Random, scale: Scale, creches: list, features: Features) -> list[Unit]:
    sizes = _apportion(scale.seats, [rng.uniform(0.5, 1.5) for _ in creches])
    units = []
    for (cid, *_), size in zip(creches, sizes, strict=True):
        shares = _apportion(size, [share for *_, share in SECTIONS]) if size else [0, 0, 0]
        for (section, low, high, _), seats in zip(SECTIONS, shares, strict=True):
            capacity = [seats] * 5
            if features.part_week and seats > 1 and rng.random() < 0.15:
                capacity[2] -= 1  # fewer staff on Wednesdays in some sections
            units.append(
                Unit(
                    f"{cid}-{section}",
                    cid,
                    section,
                    low,
                    high,
                    tuple(capacity),
                    f"Crèche {cid[1:]}",
                )
            )
    return units


# Wishes -----------------------------------------------------------------------------------


class _WishSampler:
    """Draws ranked lists biased to proximity and popularity, by cells of the square."""

    CELLS = 20

    def __init__(self, creches: list, scale: Scale) -> None:
        self.ids = [cid for cid, *_ in creches]
        reach = 1.5 / math.sqrt(max(1, scale.creches))
        self.cumulative: list[list[float]] = []
        for cell in range(self.CELLS * self.CELLS):
            cx = (cell % self.CELLS + 0.5) / self.CELLS
            cy = (cell // self.CELLS + 0.5) / self.CELLS
            total, cum = 0.0, []
            for _, x, y, popularity in creches:
                total += popularity * math.exp(-math.hypot(x - cx, y - cy) / reach)
                cum.append(total)
            self.cumulative.append(cum)

    def draw(self, rng: random.Random, x: float, y: float, n: int, skip: str = "") -> list[str]:
        cell = min(self.CELLS - 1, int(y * self.CELLS)) * self.CELLS
        cell += min(self.CELLS - 1, int(x * self.CELLS))
        cum = self.cumulative[cell]
        wishes: list[str] = []
        for _ in range(20 * n):
            if len(wishes) >= min(n, len(self.ids) - (1 if skip else 0)):
                break
            pick = self.ids[min(len(cum) - 1, _bisect(cum, rng.random() * cum[-1]))]
            if pick not in wishes and pick != skip:
                wishes.append(pick)
        return wishes


def _bisect(cum: list[float], value: float) -> int:
    lo, hi = 0, len(cum)
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] <= value:
            lo = mid + 1
        else:
            hi = mid
    return lo


# Children ---------------------------------------------------------------------------------


def _points(rng: random.Random) -> int:
    points = 0
    points += 6 if rng.random() < 0.7 else 0  # parents working or in training
    points += 4 if rng.random() < 0.15 else 0  # single parent
    points += 3 if rng.random() < 0.25 else 0  # low income
    points += 4 if rng.random() < 0.04 else 0  # disability in the family
    points += 3 if rng.random() < 0.05 else 0  # social emergency
    points += rng.choice((0, 0, 1, 2))  # other criteria of the grid
    return min(20, points)


def _days(rng: random.Random, features: Features) -> frozenset[int]:
    if not features.part_week:
        return frozenset(range(5))
    draw = rng.random()
    if draw < 0.60:
        return frozenset(range(5))
    if draw < 0.85:
        off = 2 if rng.random() < 0.5 else rng.choice((0, 1, 3, 4))
        return frozenset(d for d in range(5) if d != off)
    return frozenset(rng.sample(range(5), 3))


def _age(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.60:
        return rng.randint(2, 17)
    if draw < 0.85:
        return rng.randint(18, 29)
    return rng.randint(30, 35)


def _n_wishes(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5), weights=(10, 15, 20, 20, 35))[0]


def _children(
    rng: random.Random,
    scale: Scale,
    creches: list,
    sampler: _WishSampler,
    features: Features,
    grid: int,
) -> tuple[list[Child], list[Family]]:
    commune_of = {cid: _commune(x, y, grid) for cid, x, y, _ in creches}
    width = len(str(scale.children))
    children: list[Child] = []
    families: list[Family] = []
    f = 0
    while len(children) < scale.children:
        f += 1
        fid = f"F{f:0{width}d}"
        x, y = rng.random(), rng.random()
        size = 1
        if features.siblings and rng.random() < 0.12:
            size = 2 if rng.random() < 0.85 else 3
        size = min(size, scale.children - len(children))
        twins = rng.random() < 0.40
        together = size > 1 and rng.random() < 0.8
        if size > 1:
            families.append(Family(fid, together))
        home = _commune(x, y, grid)
        points = _points(rng)
        days = _days(rng, features)
        applied = START_DATE - timedelta(days=rng.randint(60, 420))
        enrolled = sampler.draw(rng, x, y, 1)[0] if rng.random() < 0.08 else None
        wishes = sampler.draw(rng, x, y, _n_wishes(rng))
        if enrolled and enrolled not in wishes[:1] and rng.random() < 0.8:
            wishes = [enrolled, *[w for w in wishes if w != enrolled]][:5]
        ages = _sibling_ages(rng, size, twins)
        for i in range(size):
            own_wishes = wishes if (together or i == 0) else sampler.draw(rng, x, y, len(wishes))
            bonuses = {cid: COMMUNE_BONUS for cid in own_wishes if commune_of[cid] == home}
            if enrolled:
                bonuses[enrolled] = bonuses.get(enrolled, 0) + SIBLING_BONUS
            n = len(children)
            children.append(
                Child(
                    id=f"E{n:0{width}d}",
                    family_id=fid,
                    age_months=ages[i],
                    wishes=tuple(own_wishes),
                    days=days,
                    points=points,
                    application_date=applied,
                    bonuses=bonuses,
                    label=FIRST_NAMES[(n * 7 + f) % len(FIRST_NAMES)],
                )
            )
    return children, families


def _sibling_ages(rng: random.Random, size: int, twins: bool) -> list[int]:
    if size == 1:
        return [_age(rng)]
    if twins:
        return [rng.randint(2, 17)] * size
    ages = [rng.randint(2, 10)]
    while len(ages) < size:
        ages.append(min(35, ages[-1] + rng.randint(12, 20)))
    return ages


def _transfers(
    rng: random.Random,
    children: list[Child],
    units: list[Unit],
    creches: list,
    sampler: _WishSampler,
) -> list[Child]:
    """Turn 5 to 10 % of the single children into enrolled children asking for a transfer."""
    where = {cid: (x, y) for cid, x, y, _ in creches}
    held: dict[tuple[str, int], int] = {}
    share = rng.uniform(0.05, 0.10)
    family_size: dict[str, int] = {}
    for child in children:
        family_size[child.family_id] = family_size.get(child.family_id, 0) + 1
    result = []
    for child in children:
        if family_size[child.family_id] > 1 or rng.random() >= share:
            result.append(child)
            continue
        fitting = [
            u for u in units
            if u.fits(child.age_months)
            and all(held.get((u.id, d), 0) < u.capacity[d] for d in child.days)
        ]  # fmt: skip
        if not fitting:
            result.append(child)
            continue
        current = fitting[rng.randrange(len(fitting))]
        for d in child.days:
            held[current.id, d] = held.get((current.id, d), 0) + 1
        x, y = where[current.creche_id]
        above = sampler.draw(rng, x, y, rng.randint(1, 3), skip=current.creche_id)
        wishes = [*above, current.creche_id] if rng.random() < 0.5 else above
        bonuses = {k: v for k, v in child.bonuses.items() if k in wishes}
        result.append(
            Child(
                id=child.id,
                family_id=child.family_id,
                age_months=child.age_months,
                wishes=tuple(wishes),
                days=child.days,
                points=child.points,
                application_date=child.application_date,
                bonuses=bonuses,
                current_unit=current.id,
                label=child.label,
            )
        )
    return result


def _joint_transfers(
    rng: random.Random,
    children: list[Child],
    families: list[Family],
    units: list[Unit],
    creches: list,
    sampler: _WishSampler,
) -> list[Child]:
    """In half the families placed together, the eldest is enrolled and asks a transfer.

    The family's shared wishes become one to three crèches, then (seven times in ten)
    its current crèche, where the new sibling may join it.
    """
    where = {cid: (x, y) for cid, x, y, _ in creches}
    held: dict[tuple[str, int], int] = {}
    for child in children:
        if child.current_unit:
            for d in child.days:
                held[child.current_unit, d] = held.get((child.current_unit, d), 0) + 1
    members: dict[str, list[Child]] = {}
    for child in children:
        members.setdefault(child.family_id, []).append(child)
    changed: dict[str, Child] = {}
    for family in families:
        kids = members.get(family.id, [])
        if not family.together or len(kids) < 2 or rng.random() >= 0.5:
            continue
        eldest = max(kids, key=lambda c: (c.age_months, c.id))
        fitting = [
            u for u in units
            if u.fits(eldest.age_months)
            and all(held.get((u.id, d), 0) < u.capacity[d] for d in eldest.days)
        ]  # fmt: skip
        if not fitting:
            continue
        current = fitting[rng.randrange(len(fitting))]
        for d in eldest.days:
            held[current.id, d] = held.get((current.id, d), 0) + 1
        x, y = where[current.creche_id]
        above = sampler.draw(rng, x, y, rng.randint(1, 3), skip=current.creche_id)
        wishes = (*above, current.creche_id) if rng.random() < 0.7 else tuple(above)
        for kid in kids:
            changed[kid.id] = replace(
                kid,
                wishes=wishes,
                current_unit=current.id if kid is eldest else None,
            )
    return [changed.get(child.id, child) for child in children]
