"""Two objective stages of a large model solved as one (planner/core/solving.py): see BothAtOnce."""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.core.cpsat import cp_model


@dataclass(frozen=True)
class BothAtOnce:
    """Two objective stages solved as one: the first stage's expression X (the number of changes, or with
    --objective cost the cost) times a weight W, plus the second's C, with X at most a cap K (the
    objective's domain). One light solve then proves both stages, instead of presolving and searching the
    same model twice (solving._Stages._light_first): six designations on 100,000 generated people, the
    fewest changes and the least cost took 0.35 s and 0.33 s, both at once 0.44 s (the same plans at
    10,000 and 100,000).

    Exact: read off the two expressions, C <= M X and C >= 0 wherever the variables are (the fewest changes
    first: M is the most a change costs; the cost first: M is 1 when every change costs a cent or more,
    else they are solved one by one). With W = M K + 1, a plan of more than the fewest
    X* is dearer than the best plan of X* (whose C* <= M X* < W), and of those the least C is the least.
    When no plan has K or fewer, the solve is infeasible and the stages are solved one by one. K is the
    largest that keeps the objective below 2^50, which the LP (in floating point) reads exactly: at US$725
    a change, 124,000 changes."""

    name: str  # the second stage
    second: cp_model.LinearExprT
    expr: cp_model.LinearExprT  # what is minimized
    most: int  # the objective's largest value (its domain: 0 to this)
    weight: int  # W

    @staticmethod
    def of(model: cp_model.CpModel, first: cp_model.LinearExprT, name: str, second: cp_model.LinearExprT
           ) -> BothAtOnce | None:
        """The two stages as one, None when C <= M X cannot be read off their expressions (both sums of
        variables that are never negative, with no constant, and every term of C a term of X) or no cap
        of 1 or more fits (see cap_of)."""
        terms = terms_of(model, first), terms_of(model, second)
        if terms[0] is None or terms[1] is None:
            return None
        per_change = most_per_unit(terms[0].coeffs, terms[1].coeffs)
        if per_change is None:
            return None
        cap = cap_of(per_change, terms[0].highest, terms[1].highest)
        if cap < 1:
            return None
        weight = per_change * cap + 1
        return BothAtOnce(name, second, cp_model.LinearExpr.weighted_sum([first, second], [weight, 1]),
                          weight * cap + per_change * cap, weight)

    def first_bound(self, bound: float) -> int:
        """A bound of the first stage from a bound of both at once: W X + C >= bound with C < W gives
        X >= floor(bound / W)."""
        return max(0, math.floor(bound / self.weight))


EXACT_OBJECTIVE = 1 << 50
"""The objective's values stay below this: the LP reads them in floating point, exact up to 2^53."""
VALID_OBJECTIVE = 1 << 61
"""And its largest over the variables' domains below this: CP-SAT refuses a model whose objective could
exceed 2^62 there ("Possible integer overflow in objective"), as the counts of a plan's tail can (up to the
roster's size each, weighted by the cost: the cheapest plan's two stages on 100,000 people)."""


def cap_of(per_change: int, first_highest: int, second_highest: int) -> int:
    """The most K the first stage may reach: its objective's values, up to (M K + 1) K + M K, below
    EXACT_OBJECTIVE, and its largest over the domains, (M K + 1) X_max + C_max, below VALID_OBJECTIVE (M:
    the most a change costs; X_max, C_max: each stage's largest over the domains)."""
    cap = math.isqrt(EXACT_OBJECTIVE // (per_change + 2))
    while cap > 0 and (per_change * cap + 1) * cap + per_change * cap >= EXACT_OBJECTIVE:
        cap -= 1
    if first_highest and per_change:
        most_weight = (VALID_OBJECTIVE - 1 - second_highest) // first_highest
        cap = min(cap, (most_weight - 1) // per_change)
    return cap


def highest(model: cp_model.CpModel, expr: cp_model.LinearExprT) -> int:
    """The expression's largest value over its variables' domains (a sum of variables that are never
    negative, with no constant: 0 for any other)."""
    terms = terms_of(model, expr)
    return 0 if terms is None else terms.highest


def most_per_unit(first: dict[int, int], second: dict[int, int]) -> int | None:
    """The least M with second <= M first wherever the variables are not negative, read term by term from
    each expression's coefficients (Terms.coeffs), None when a term is negative or a term of `second` is
    not in `first`."""
    if any(c < 0 for c in first.values()):
        return None
    per_unit = 0
    for index, coeff in second.items():
        unit = first.get(index, 0)
        if coeff < 0 or unit <= 0:
            return None
        per_unit = max(per_unit, -(-coeff // unit))
    return per_unit


@dataclass(frozen=True)
class Terms:
    """A sum of variables that are never negative: each one's coefficient (by index), and the sum's largest
    value over their domains."""

    coeffs: dict[int, int]
    highest: int


def terms_of(model: cp_model.CpModel, expr: cp_model.LinearExprT) -> Terms | None:
    """The expression's terms, read in one pass over its variables' domains (0.03 s for the two stages'
    10,000 terms at 100,000 people), None when it has a constant, a negated literal or a variable that can
    be negative."""
    flat_int_expr = getattr(cp_model, "FlatIntExpr", None)  # ortools 9.15 has it; older ones: None
    if flat_int_expr is None or isinstance(expr, int):
        return None
    flat = flat_int_expr(expr)
    if flat.offset:
        return None
    domains = model.proto.variables
    coeffs: dict[int, int] = {}
    highest = 0
    for var, coeff in zip(flat.vars, flat.coeffs, strict=True):
        index = var.index
        if index < 0:
            return None
        domain = domains[index].domain
        if domain[0] < 0:
            return None
        coeffs[index] = coeffs.get(index, 0) + coeff
        highest += coeff * domain[len(domain) - 1]  # (CP-SAT's container reads domain[-1] as 0)
    return Terms(coeffs, highest)
