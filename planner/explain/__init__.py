"""Explanations: why a level is out of reach, the facts behind it and the cheapest fixes, where a partner
stands (check), and a plan as a path with its odds. Every sentence about a plan is built here or in
`planner.report`."""
