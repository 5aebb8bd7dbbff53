"""Reports: tables, Markdown, JSON and the HTML page, the words every format shares, and where output is
written."""
