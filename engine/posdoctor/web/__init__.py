"""The web help desk: ``posdoctor serve`` (FastAPI). ``app.create_app(db_url, kb_dir)``."""
