"""Output: results as plain data (report: the JSON forms), text for the terminal (textout),
Markdown/HTML through Jinja2 templates (render, templates/), troubleshooting handbooks
(runbook) and their diagrams (diagram)."""
