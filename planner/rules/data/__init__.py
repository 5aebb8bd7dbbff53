"""Competency catalogs shipped with the planner (rules as data)."""
