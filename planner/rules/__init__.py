"""The rules as data and in domain words: the shipped catalogs (one file per revision), what a person
holds on a day, costs, gates, points, and what changed between two revisions. No solver here."""
