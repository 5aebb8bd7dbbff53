"""planner: the cheapest exam plan that reaches a Microsoft partner competency level."""

__version__ = "0.1.0"
