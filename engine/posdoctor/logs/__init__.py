"""Logs: recognising real error messages in a terminal's log (the KB's signatures) and turning
them into facts with the lines they came from."""
