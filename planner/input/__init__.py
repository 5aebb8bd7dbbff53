"""Input: reading YAML safely, loading and validating scenarios, one-line input errors, variants applied
to their base, and importers (a skills report into a scenario)."""
