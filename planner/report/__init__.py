"""Reports: what people and scripts read of a plan, a standing, a comparison or the rules.

render.py is the CLI's one door (a terminal table, Markdown or JSON per command); html.py the HTML page.
Each command's report is drawn in its own module, table and Markdown side by side: plan.py, check.py,
best.py, compare.py and rules.py (with `rules --diff`). Shared by all of them: words.py (the words every
format says), targets.py (the several-goals sections), blocks.py (table and Markdown building blocks).
writing.py writes a report to its file."""
