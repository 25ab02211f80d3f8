"""The HTML pages (owned by the webui branch): every page has a JSON twin in api.py."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
