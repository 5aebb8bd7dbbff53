"""Pydantic models of the planner: catalogs, scenarios and reports. No solver, no CLI."""

from models.catalog import Catalog, Exam, ExamList, Level, RevenueGate, Role
from models.scenario import Costs, ExamCost, Organization, Pass, Person, Scenario

__all__ = [
    "Catalog",
    "Costs",
    "Exam",
    "ExamCost",
    "ExamList",
    "Level",
    "Organization",
    "Pass",
    "Person",
    "RevenueGate",
    "Role",
    "Scenario",
]
