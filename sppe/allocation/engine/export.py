"""A commission session as a public JSON document, and its independent check.

The format is documented in ``docs/commission-format.md``. A document holds the
anonymised instance, the validated matching, the overrides of the commission and the
cascade steps after declined or lapsed offers. :func:`verify_session` recomputes the
verifier on it and reports every child passed over that no listed override explains.

No Django here: ``python -m sppe.allocation.engine.verify_cli session.json`` runs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .model import WEEKDAYS, Child, Family, Instance, Matching, Unit
from .priority import PriorityKey, priority_key
from .problem import Problem, compile_problem
from .verifier import Report, verify

FORMAT = "sppe.commission-session"
VERSION = 1
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
FREED_CAUSES = ("declined", "lapsed")


class FormatError(ValueError):
    """The document does not follow docs/commission-format.md; the message says where."""


# Building a document -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Override:
    """The commission gave ``child`` another outcome than the engine's proposal.

    ``unit_given`` is the unit of the validated decision, ``unit_proposed`` the engine's
    (either may be None: not placed). ``reason`` is a code of the territory's closed list.
    """

    child: str
    unit_given: str | None
    unit_proposed: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class FreedSeat:
    """The seat of ``child`` in ``unit``, freed because its offer was declined or lapsed."""

    child: str
    unit: str
    cause: str  # declined or lapsed


@dataclass(frozen=True, slots=True)
class CascadeStep:
    """One run of the engine on the seats freed by declines and lapses.

    ``held``: every child holding an offer (pending or accepted) or a seat kept, with its
    unit: they are fixed and out of the cascade. ``withdrawn``: every child whose offer
    was declined or lapsed so far (they leave the session). ``matching``: the outcome of
    the children who competed (all the others), from the engine on
    :func:`cascade_instance`.
    """

    freed: tuple[FreedSeat, ...]
    held: Mapping[str, str]
    withdrawn: tuple[str, ...]
    matching: Matching


def cascade_instance(
    instance: Instance, held: Mapping[str, str], *, withdrawn: Iterable[str] = ()
) -> Instance:
    """The instance of a cascade: the seats left once the ``held`` seats are taken.

    The rule (docs/commission-format.md, ADR 0002): when an offer is declined or lapses,
    its seat is freed. Children holding an offer, pending or accepted (``held``: child id
    to unit id, a kept seat included), keep it and are out of the cascade; the children
    whose offer was declined or lapsed (``withdrawn``) leave the session. Every other
    child of the session (the not placed) competes, by the same priorities, for each
    unit's capacity minus the seats held there, day by day. In a family placed together,
    the members left compete only for the crèche of their held brothers and sisters (when
    the family wished it), so that the family stays in one crèche.
    """
    withdrawn = set(withdrawn)
    units = {u.id: u for u in instance.units}
    children = {c.id: c for c in instance.children}
    for child_id, unit_id in sorted(held.items()):
        if child_id not in children:
            raise ValueError(f"held: unknown child {child_id!r}")
        if unit_id not in units:
            raise ValueError(f"held: child {child_id}: unknown unit {unit_id!r}")
        if child_id in withdrawn:
            raise ValueError(f"child {child_id}: both held and withdrawn")
    for child_id in sorted(withdrawn):
        if child_id not in children:
            raise ValueError(f"withdrawn: unknown child {child_id!r}")
    taken: dict[tuple[str, int], int] = {}
    for child_id, unit_id in held.items():
        for d in children[child_id].days:
            taken[unit_id, d] = taken.get((unit_id, d), 0) + 1
    new_units = []
    for unit in instance.units:
        left = []
        for d in WEEKDAYS:
            free = unit.capacity[d] - taken.get((unit.id, d), 0)
            if free < 0:
                raise ValueError(
                    f"unit {unit.id}: {taken[unit.id, d]} seats held on "
                    f"{DAY_NAMES[d]} for {unit.capacity[d]} seats"
                )
            left.append(free)
        new_units.append(Unit(unit.id, unit.creche_id, unit.section, unit.min_age_months,
                              unit.max_age_months, tuple(left), unit.creche_name))  # fmt: skip
    together = {f.id for f in instance.families if f.together}
    held_creches: dict[str, set[str]] = {}
    for child_id, unit_id in held.items():
        family = children[child_id].family_id
        if family in together:
            held_creches.setdefault(family, set()).add(units[unit_id].creche_id)
    competing = []
    for child in instance.children:
        if child.id in held or child.id in withdrawn:
            continue
        wishes = tuple(child.wishes)
        if child.family_id in held_creches:
            wishes = tuple(w for w in wishes if w in held_creches[child.family_id])
        competing.append(
            Child(
                id=child.id,
                family_id=child.family_id,
                age_months=child.age_months,
                wishes=wishes,
                days=child.days,
                points=child.points,
                application_date=child.application_date,
                bonuses=child.bonuses,
                current_unit=None,  # an enrolled child holds its seat: it is in ``held``
                label=child.label,
            )
        )
    return Instance(
        units=tuple(new_units),
        children=tuple(competing),
        families=instance.families,
        lottery_seed=instance.lottery_seed,
        start_date=instance.start_date,
        creche_names=instance.creche_names,
    )


def run_cascade(
    instance: Instance,
    held: Mapping[str, str],
    *,
    withdrawn: Iterable[str],
    freed: Iterable[FreedSeat],
    time_limit: float = 10.0,
) -> CascadeStep:
    """Run the engine on :func:`cascade_instance`: the step to publish with the session."""
    from . import allocate  # the engine package imports this module's neighbours only

    withdrawn = tuple(sorted(set(withdrawn)))
    result = allocate(cascade_instance(instance, held, withdrawn=withdrawn), time_limit=time_limit)
    return CascadeStep(tuple(freed), dict(sorted(held.items())), withdrawn, result.matching)


def instance_to_dict(instance: Instance) -> dict:
    """The anonymised instance as plain JSON data (children's labels are left out)."""
    names = {u.creche_id: u.creche_name for u in instance.units if u.creche_name}
    names.update(instance.creche_names)
    return {
        "lottery_seed": instance.lottery_seed,
        "start_date": instance.start_date.isoformat() if instance.start_date else None,
        "creche_names": dict(sorted(names.items())),
        "units": [
            {
                "id": u.id,
                "creche_id": u.creche_id,
                "section": u.section,
                "min_age_months": u.min_age_months,
                "max_age_months": u.max_age_months,
                "capacity": list(u.capacity),
            }
            for u in sorted(instance.units, key=lambda u: u.id)
        ],
        "children": [
            {
                "id": c.id,
                "family_id": c.family_id,
                "age_months": c.age_months,
                "wishes": list(c.wishes),
                "days": sorted(c.days),
                "points": c.points,
                "bonuses": dict(sorted(c.bonuses.items())),
                "application_date": c.application_date.isoformat(),
                "current_unit": c.current_unit,
            }
            for c in sorted(instance.children, key=lambda c: c.id)
        ],
        "families": [
            {"id": f.id, "together": f.together}
            for f in sorted(instance.families, key=lambda f: f.id)
        ],
    }


def session_to_dict(
    instance: Instance,
    matching: Matching,
    *,
    overrides: Iterable[Override] = (),
    cascades: Iterable[CascadeStep] = (),
    session: Mapping[str, str] | None = None,
    engine: Mapping[str, object] | None = None,
) -> dict:
    """The whole public document of a session (see docs/commission-format.md).

    ``matching`` is the validated decision; ``session`` free public facts (texts: its
    id, territory, date); ``engine`` how the proposal was computed (``time_limit``,
    ``version``), so that anyone can run the engine again.
    """
    document = {
        "format": FORMAT,
        "version": VERSION,
        "session": dict(sorted((session or {}).items())),
        "engine": dict(sorted((engine or {}).items())),
        "instance": instance_to_dict(instance),
        "matching": dict(sorted(matching.items())),
        "overrides": [
            {
                "child": o.child,
                "unit_given": o.unit_given,
                "unit_proposed": o.unit_proposed,
                "reason": o.reason,
            }
            for o in sorted(overrides, key=lambda o: o.child)
        ],
        "cascades": [
            {
                "step": n,
                "freed": [
                    {"child": f.child, "unit": f.unit, "cause": f.cause}
                    for f in sorted(step.freed, key=lambda f: f.child)
                ],
                "held": dict(sorted(step.held.items())),
                "withdrawn": sorted(step.withdrawn),
                "matching": dict(sorted(step.matching.items())),
            }
            for n, step in enumerate(cascades, start=1)
        ],
    }
    session_from_dict(document)  # what we publish must read back
    return document


def dumps(document: Mapping) -> str:
    """Byte-stable JSON: sorted keys, compact separators, UTF-8 text, a final newline."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


# Reading a document, strictly ----------------------------------------------------------


def _fail(where: str, message: str) -> FormatError:
    return FormatError(f"{where}: {message}")


def _obj(value: object, where: str, required: set[str], optional: set[str] = frozenset()):
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    missing = sorted(required - value.keys())
    if missing:
        raise _fail(where, f"missing field {', '.join(missing)}")
    unknown = sorted(value.keys() - required - optional)
    if unknown:
        raise _fail(where, f"unknown field {', '.join(unknown)}")
    return value


def _text(value: object, where: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise _fail(where, f"must be a {'text' if empty else 'non-empty text'}, got {value!r}")
    return value


def _opt_text(value: object, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _whole(value: object, where: str, *, minimum: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(where, f"must be a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise _fail(where, f"must be at least {minimum}, got {value}")
    return value


def _list(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise _fail(where, "must be a list")
    return value


def _day(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise _fail(where, f"must be a date YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"must be a date YYYY-MM-DD, got {value!r}") from None


def _unit_from(data: object, where: str) -> Unit:
    keys = {"id", "creche_id", "section", "min_age_months", "max_age_months", "capacity"}
    data = _obj(data, where, keys)
    uid = _text(data["id"], f"{where}.id")
    where = f"{where} (unit {uid})"
    capacity = _list(data["capacity"], f"{where}.capacity")
    if len(capacity) != len(WEEKDAYS):
        raise _fail(f"{where}.capacity", "needs 5 numbers, Monday to Friday")
    return Unit(
        id=uid,
        creche_id=_text(data["creche_id"], f"{where}.creche_id"),
        section=_text(data["section"], f"{where}.section"),
        min_age_months=_whole(data["min_age_months"], f"{where}.min_age_months", minimum=0),
        max_age_months=_whole(data["max_age_months"], f"{where}.max_age_months", minimum=0),
        capacity=tuple(
            _whole(n, f"{where}.capacity[{d}]", minimum=0) for d, n in enumerate(capacity)
        ),
    )


def _child_from(data: object, where: str) -> Child:
    keys = {"id", "family_id", "age_months", "wishes", "days", "points", "bonuses",
            "application_date", "current_unit"}  # fmt: skip
    data = _obj(data, where, keys)
    cid = _text(data["id"], f"{where}.id")
    where = f"{where} (child {cid})"
    wishes = _list(data["wishes"], f"{where}.wishes")
    days = _list(data["days"], f"{where}.days")
    if not days or len(set(days)) != len(days):
        raise _fail(f"{where}.days", "must list distinct weekdays, at least one")
    bonuses = data["bonuses"]
    if not isinstance(bonuses, dict):
        raise _fail(f"{where}.bonuses", "must be an object crèche id -> points")
    return Child(
        id=cid,
        family_id=_text(data["family_id"], f"{where}.family_id"),
        age_months=_whole(data["age_months"], f"{where}.age_months", minimum=0),
        wishes=tuple(_text(w, f"{where}.wishes[{i}]") for i, w in enumerate(wishes)),
        days=frozenset(_day_number(d, f"{where}.days[{i}]") for i, d in enumerate(days)),
        points=_whole(data["points"], f"{where}.points"),
        application_date=_day(data["application_date"], f"{where}.application_date"),
        bonuses={
            _text(k, f"{where}.bonuses"): _whole(v, f"{where}.bonuses[{k!r}]")
            for k, v in sorted(bonuses.items())
        },
        current_unit=_opt_text(data["current_unit"], f"{where}.current_unit"),
    )


def _day_number(value: object, where: str) -> int:
    day = _whole(value, where)
    if day not in WEEKDAYS:
        raise _fail(where, f"must be a weekday from 0 (Monday) to 4 (Friday), got {day}")
    return day


def instance_from_dict(data: object, where: str = "instance") -> Instance:
    """The instance of a document, validated strictly: a clear :class:`FormatError` else."""
    keys = {"lottery_seed", "start_date", "creche_names", "units", "children", "families"}
    data = _obj(data, where, keys)
    names = data["creche_names"]
    if not isinstance(names, dict):
        raise _fail(f"{where}.creche_names", "must be an object crèche id -> name")
    for key, name in names.items():
        _text(name, f"{where}.creche_names[{key!r}]", empty=True)
    units = [_unit_from(u, f"{where}.units[{i}]") for i, u in enumerate(_list(data["units"],
             f"{where}.units"))]  # fmt: skip
    children = [
        _child_from(c, f"{where}.children[{i}]")
        for i, c in enumerate(_list(data["children"], f"{where}.children"))
    ]
    families = []
    for i, f in enumerate(_list(data["families"], f"{where}.families")):
        f = _obj(f, f"{where}.families[{i}]", {"id", "together"})
        if not isinstance(f["together"], bool):
            raise _fail(f"{where}.families[{i}].together", "must be true or false")
        families.append(Family(_text(f["id"], f"{where}.families[{i}].id"), f["together"]))
    start = data["start_date"]
    instance = Instance(
        units=tuple(units),
        children=tuple(children),
        families=tuple(families),
        lottery_seed=_text(data["lottery_seed"], f"{where}.lottery_seed", empty=True),
        start_date=None if start is None else _day(start, f"{where}.start_date"),
        creche_names=dict(names),
    )
    try:
        compile_problem(instance)  # wishes, transfers, families: the engine's own checks
    except ValueError as error:
        raise _fail(where, str(error)) from None
    return instance


def _matching_from(data: object, where: str) -> Matching:
    if not isinstance(data, dict):
        raise _fail(where, "must be an object child id -> unit id or null")
    return {_text(k, where): _opt_text(v, f"{where}[{k!r}]") for k, v in sorted(data.items())}


@dataclass(frozen=True, slots=True)
class Session:
    instance: Instance
    matching: Matching
    overrides: tuple[Override, ...]
    cascades: tuple[CascadeStep, ...]
    session: Mapping[str, str]
    engine: Mapping[str, object]


def session_from_dict(document: object) -> Session:
    """Read a whole document strictly (:class:`FormatError` naming the place otherwise)."""
    keys = {"format", "version", "session", "engine", "instance", "matching", "overrides",
            "cascades"}  # fmt: skip
    document = _obj(document, "document", keys)
    if document["format"] != FORMAT:
        raise _fail("document.format", f"must be {FORMAT!r}, got {document['format']!r}")
    if document["version"] != VERSION:
        raise _fail("document.version", f"this checker reads version {VERSION} only")
    session = document["session"]
    if not isinstance(session, dict):
        raise _fail("document.session", "must be an object of texts")
    for key, value in session.items():
        _text(value, f"document.session[{key!r}]", empty=True)
    engine = document["engine"]
    if not isinstance(engine, dict):
        raise _fail("document.engine", "must be an object")
    engine = _obj(engine, "document.engine", set(), {"time_limit", "version"})
    if "time_limit" in engine and (
        not isinstance(engine["time_limit"], int | float)
        or isinstance(engine["time_limit"], bool)
        or engine["time_limit"] <= 0
    ):
        raise _fail("document.engine.time_limit", "must be a positive number")
    if "version" in engine:
        _text(engine["version"], "document.engine.version")
    instance = instance_from_dict(document["instance"], "document.instance")
    matching = _matching_from(document["matching"], "document.matching")
    overrides = []
    for i, o in enumerate(_list(document["overrides"], "document.overrides")):
        where = f"document.overrides[{i}]"
        o = _obj(o, where, {"child", "unit_given", "unit_proposed", "reason"})
        overrides.append(
            Override(
                child=_text(o["child"], f"{where}.child"),
                unit_given=_opt_text(o["unit_given"], f"{where}.unit_given"),
                unit_proposed=_opt_text(o["unit_proposed"], f"{where}.unit_proposed"),
                reason=_text(o["reason"], f"{where}.reason"),
            )
        )
    steps = []
    for i, s in enumerate(_list(document["cascades"], "document.cascades")):
        where = f"document.cascades[{i}]"
        s = _obj(s, where, {"step", "freed", "held", "withdrawn", "matching"})
        if s["step"] != i + 1:
            raise _fail(f"{where}.step", f"must be {i + 1} (steps are numbered in order)")
        freed = []
        for j, f in enumerate(_list(s["freed"], f"{where}.freed")):
            f = _obj(f, f"{where}.freed[{j}]", {"child", "unit", "cause"})
            if f["cause"] not in FREED_CAUSES:
                raise _fail(f"{where}.freed[{j}].cause", f"must be one of {FREED_CAUSES}")
            freed.append(
                FreedSeat(
                    _text(f["child"], f"{where}.freed[{j}].child"),
                    _text(f["unit"], f"{where}.freed[{j}].unit"),
                    f["cause"],
                )
            )
        held = _matching_from(s["held"], f"{where}.held")
        if any(v is None for v in held.values()):
            raise _fail(f"{where}.held", "every held child needs its unit")
        withdrawn = tuple(
            _text(c, f"{where}.withdrawn[{j}]")
            for j, c in enumerate(_list(s["withdrawn"], f"{where}.withdrawn"))
        )
        steps.append(
            CascadeStep(
                tuple(freed),
                held,  # type: ignore[arg-type]
                withdrawn,
                _matching_from(s["matching"], f"{where}.matching"),
            )
        )
    return Session(instance, matching, tuple(overrides), tuple(steps), dict(session), engine)


# Checking a document -------------------------------------------------------------------


@dataclass(slots=True)
class CascadeCheck:
    step: int
    competing: int
    placed: int
    envy: list[tuple[str, str]] = field(default_factory=list)
    blocking_families: list[tuple[str, str]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.envy or self.blocking_families or self.violations)

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "competing": self.competing,
            "placed": self.placed,
            "envy": [list(p) for p in self.envy],
            "blocking_families": [list(p) for p in self.blocking_families],
            "violations": self.violations,
            "ok": self.ok,
        }


@dataclass(slots=True)
class SessionCheck:
    """What :func:`verify_session` found. ``ok`` when nothing is left unexplained."""

    children: int
    placed: int
    proposal_placed: int
    overrides: int
    report: Report = field(repr=False)
    explained: list[tuple[str, str, str]] = field(default_factory=list)  # child, unit, by
    unexplained: list[tuple[str, str]] = field(default_factory=list)  # child, unit
    explained_families: list[tuple[str, str, str]] = field(default_factory=list)
    unexplained_families: list[tuple[str, str]] = field(default_factory=list)  # family, crèche
    # justified envy in the engine's proposal (the matching with every override undone):
    # none is expected; otherwise an override is missing or the engine failed
    proposal_envy: list[tuple[str, str]] = field(default_factory=list)  # child or family, unit
    violations: list[str] = field(default_factory=list)
    cascades: list[CascadeCheck] = field(default_factory=list)
    engine_reproduced: bool | None = None  # None: the engine was not run again

    @property
    def ok(self) -> bool:
        return (
            not self.unexplained
            and not self.unexplained_families
            and not self.proposal_envy
            and not self.violations
            and all(c.ok for c in self.cascades)
            and self.engine_reproduced is not False
        )

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "children": self.children,
            "placed": self.placed,
            "proposal_placed": self.proposal_placed,
            "overrides": self.overrides,
            "explained": [list(x) for x in self.explained],
            "unexplained": [list(x) for x in self.unexplained],
            "explained_families": [list(x) for x in self.explained_families],
            "unexplained_families": [list(x) for x in self.unexplained_families],
            "proposal_envy": [list(x) for x in self.proposal_envy],
            "violations": self.violations,
            "cascades": [c.to_dict() for c in self.cascades],
            "engine_reproduced": self.engine_reproduced,
        }

    def text(self) -> str:
        """A plain report, in English, one finding a line."""
        lines = [
            f"Session check: {'OK' if self.ok else 'NOT OK'}",
            f"Children: {self.children}; placed: {self.placed} "
            f"(engine proposal: {self.proposal_placed}); overrides: {self.overrides}",
        ]
        if self.engine_reproduced is not None:
            said = "yes" if self.engine_reproduced else "NO"
            lines.append(f"Engine run again gives the proposal: {said}")
        lines.append(f"Children passed over, explained by an override: {len(self.explained)}")
        lines += [f"  child {c} at unit {u}: override of child {by}" for c, u, by in self.explained]
        lines += [
            f"  family {f} at crèche {k}: override of child {by}"
            for f, k, by in self.explained_families
        ]
        count = len(self.unexplained) + len(self.unexplained_families)
        lines.append(f"Children passed over, NOT explained: {count}")
        lines += [f"  child {c} at unit {u}" for c, u in self.unexplained]
        lines += [f"  family {f} at crèche {k}" for f, k in self.unexplained_families]
        lines.append(
            f"Engine proposal (overrides undone), children passed over: {len(self.proposal_envy)}"
        )
        lines += [f"  {c} at {u}" for c, u in self.proposal_envy]
        lines.append(f"Violations: {len(self.violations)}")
        lines += [f"  {v}" for v in self.violations]
        for c in self.cascades:
            state = "OK" if c.ok else "NOT OK"
            lines.append(
                f"Cascade {c.step}: {state}; {c.competing} children competed, {c.placed} placed"
            )
            lines += [f"  child {x} passed over at unit {u}" for x, u in c.envy]
            lines += [f"  family {f} passed over at crèche {k}" for f, k in c.blocking_families]
            lines += [f"  {v}" for v in c.violations]
        return "\n".join(lines) + "\n"


def verify_session(document: object, *, rerun_engine: bool = False) -> SessionCheck:
    """Check a session document: only the listed overrides may pass a child over.

    Recomputes the verifier on the validated matching. A child with justified envy for
    a unit is *explained* only when an override placed a child of lower priority in that
    unit, or took this child out of it; a family placed together likewise for a crèche.
    The engine's proposal (the matching with every override undone) must itself be free
    of justified envy: a child whose outcome changed without an override shows there.
    Capacity, age, day, wish and family violations are reported, as are overrides that do
    not match the matching. Each cascade step is checked on its own instance
    (:func:`cascade_instance`): its matching must be free of justified envy; and it must
    follow from the step before (the seats held are those given before, minus the seats
    freed by the children newly withdrawn). With
    ``rerun_engine`` the engine runs again on the instance (``engine.time_limit`` of the
    document) and must give the proposal (the matching with every override undone).
    Raises :class:`FormatError` when the document is malformed.
    """
    session = session_from_dict(document)
    instance = session.instance
    problem = compile_problem(instance)
    children = {c.id: c for c in instance.children}
    units = {u.id: u for u in instance.units}
    matching = _full_matching(session.matching, children, "matching")
    report = verify(instance, matching, problem=problem)
    check = SessionCheck(
        children=len(children),
        placed=report.placed,
        proposal_placed=0,
        overrides=len(session.overrides),
        report=report,
    )
    check.violations += _matching_problems(session.matching, children, units, "matching")
    proposal = dict(matching)
    seen: set[str] = set()
    for o in session.overrides:
        problems = []
        if o.child not in children:
            problems.append(f"override of unknown child {o.child!r}")
        elif o.child in seen:
            problems.append(f"child {o.child}: two overrides")
        else:
            if matching[o.child] != o.unit_given:
                problems.append(
                    f"override of child {o.child}: unit given {o.unit_given} but the "
                    f"matching says {matching[o.child]}"
                )
            if o.unit_given == o.unit_proposed:
                problems.append(f"override of child {o.child}: gives the unit proposed")
            for unit_id in (o.unit_given, o.unit_proposed):
                if unit_id is not None and unit_id not in units:
                    problems.append(f"override of child {o.child}: unknown unit {unit_id!r}")
            proposal[o.child] = o.unit_proposed
        seen.add(o.child)
        check.violations += problems
    proposal_report = verify(instance, proposal, problem=problem)
    check.proposal_placed = proposal_report.placed
    if not proposal_report.is_feasible:
        check.violations.append("the engine's proposal (overrides undone) is not feasible")
    check.proposal_envy = [
        *(("child " + c, "unit " + u) for c, u in proposal_report.envy_pairs),
        *(("family " + f, "crèche " + k) for f, k in proposal_report.blocking_families),
    ]
    check.violations += _report_violations(report)
    _explain_envy(problem, session.overrides, report, children, units, check)
    if rerun_engine:
        from . import allocate  # the whole engine, only when asked

        limit = float(session.engine.get("time_limit", 10.0))
        check.engine_reproduced = allocate(instance, time_limit=limit).matching == proposal
    before = {c: u for c, u in matching.items() if u is not None}
    gone: tuple[str, ...] = ()
    for n, step in enumerate(session.cascades, start=1):
        cascade = _check_cascade(n, instance, step, children)
        cascade.violations += _chain_problems(before, gone, step)
        check.cascades.append(cascade)
        before = {**step.held, **{c: u for c, u in step.matching.items() if u is not None}}
        gone = step.withdrawn
    return check


def _chain_problems(
    before: Mapping[str, str], gone: tuple[str, ...], step: CascadeStep
) -> list[str]:
    """Each step follows from the one before: the seats held are those given, minus the
    freed ones; the children withdrawn only grow, by the children whose seats were freed."""
    problems = []
    withdrawn = set(step.withdrawn)
    for child_id, unit_id in sorted(before.items()):
        if child_id not in withdrawn and step.held.get(child_id) != unit_id:
            problems.append(
                f"child {child_id} had unit {unit_id} before this step but is neither held "
                "there nor withdrawn"
            )
    for child_id, unit_id in sorted(step.held.items()):
        if before.get(child_id) != unit_id:
            problems.append(f"child {child_id} is held in {unit_id} but was not placed there")
    if not set(gone) <= withdrawn:
        problems.append("a child withdrawn at an earlier step is no longer withdrawn")
    freed = {f.child: f.unit for f in step.freed}
    if set(freed) != withdrawn - set(gone):
        problems.append("the seats freed are not those of the children newly withdrawn")
    for child_id, unit_id in sorted(freed.items()):
        if child_id in before and before[child_id] != unit_id:
            problems.append(f"child {child_id}: its freed seat was in {before[child_id]}")
    return problems


def _full_matching(given: Matching, children: Mapping[str, Child], where: str) -> Matching:
    full: Matching = dict.fromkeys(children)
    full.update({k: v for k, v in given.items() if k in children})
    return full


def _matching_problems(
    given: Matching, children: Mapping[str, Child], units: Mapping[str, Unit], where: str
) -> list[str]:
    problems = []
    for child_id, unit_id in sorted(given.items()):
        if child_id not in children:
            problems.append(f"{where}: unknown child {child_id!r}")
        elif unit_id is not None and unit_id not in units:
            problems.append(f"{where}: child {child_id}: unknown unit {unit_id!r}")
    missing = sorted(set(children) - set(given))
    if missing:
        problems.append(f"{where}: no outcome for child {', '.join(missing)}")
    return problems


def _report_violations(report: Report) -> list[str]:
    lines = []
    for unit_id, d, used, seats in report.capacity_violations:
        lines.append(f"unit {unit_id}: {used} children on {DAY_NAMES[d]} for {seats} seats")
    for child_id, unit_id in report.invalid_assignments:
        lines.append(
            f"child {child_id}: placed in unit {unit_id}, which it cannot take (not wished, "
            "age outside the section, a day closed, or not better than its current seat)"
        )
    for family_id in report.sibling_violations:
        lines.append(f"family {family_id}: asked for one crèche or none, placed apart")
    for child_id in report.transfers_worse_off:
        lines.append(f"child {child_id}: enrolled, lost its seat without a better one")
    return lines


def _key(problem: Problem, child: Child, unit: Unit) -> PriorityKey:
    return priority_key(child, unit, problem.lottery[problem.child_index[child.id]])


def _explain_envy(
    problem: Problem,
    overrides: tuple[Override, ...],
    report: Report,
    children: Mapping[str, Child],
    units: Mapping[str, Unit],
    check: SessionCheck,
) -> None:
    valid = [o for o in overrides if o.child in children]
    for child_id, unit_id in report.envy_pairs:
        by = _explaining(problem, valid, children, units, [children[child_id]], {unit_id})
        if by:
            check.explained.append((child_id, unit_id, by))
        else:
            check.unexplained.append((child_id, unit_id))
    family_members: dict[str, list[Child]] = {}
    for child in children.values():
        family_members.setdefault(child.family_id, []).append(child)
    for family_id, creche in report.blocking_families:
        in_creche = {u.id for u in units.values() if u.creche_id == creche}
        members = sorted(family_members[family_id], key=lambda c: c.id)
        by = _explaining(problem, valid, children, units, members, in_creche)
        if by:
            check.explained_families.append((family_id, creche, by))
        else:
            check.unexplained_families.append((family_id, creche))


def _explaining(
    problem: Problem,
    overrides: list[Override],
    children: Mapping[str, Child],
    units: Mapping[str, Unit],
    passed_over: list[Child],
    unit_ids: set[str],
) -> str | None:
    """The child of the first override that explains it, or None."""
    ids = {c.id for c in passed_over}
    for o in overrides:
        if o.child in ids and o.unit_proposed in unit_ids and o.unit_given != o.unit_proposed:
            return o.child  # the override took this child out of that unit
        if o.child in ids and o.unit_given is None and o.unit_proposed is not None:
            # The commission took this child's seat (to place another child by override):
            # its outcome is the commission's listed decision, whatever it now envies.
            return o.child
        if o.unit_given in unit_ids and o.child not in ids:
            unit = units[o.unit_given]
            placed = _key(problem, children[o.child], unit)
            if any(_key(problem, c, unit) < placed for c in passed_over):
                return o.child  # the override placed a child of lower priority there
    return None


def _check_cascade(
    n: int, instance: Instance, step: CascadeStep, children: Mapping[str, Child]
) -> CascadeCheck:
    check = CascadeCheck(step=n, competing=0, placed=0)
    for f in step.freed:
        if f.child not in step.withdrawn:
            check.violations.append(
                f"child {f.child}: its seat was freed ({f.cause}) but it is not withdrawn"
            )
    try:
        reduced = cascade_instance(instance, step.held, withdrawn=step.withdrawn)
    except ValueError as error:
        check.violations.append(str(error))
        return check
    competing = {c.id: c for c in reduced.children}
    check.competing = len(competing)
    units = {u.id: u for u in reduced.units}
    check.violations += _matching_problems(step.matching, competing, units, "cascade matching")
    matching = _full_matching(step.matching, competing, "cascade matching")
    report = verify(reduced, matching)
    check.placed = report.placed
    check.envy = list(report.envy_pairs)
    check.blocking_families = list(report.blocking_families)
    check.violations += _report_violations(report)
    return check
