"""`inspectkit site`: a static website of the repository, browsable offline (docs/site.md).

`model.py` gathers what the pages show, `charts.py` draws the home page's figures as SVG,
`search_index.py` makes the offline search index and its folding tables, `builder.py` renders
the templates (sandboxed, autoescaped) into a folder that replaces the previous build at once.
"""
