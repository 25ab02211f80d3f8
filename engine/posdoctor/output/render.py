"""Jinja2 rendering of reports and runbooks: one environment, templates shipped in the package,
an optional user template folder in front of them. Data is never template source."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from ..messages import say, translations
from .diagram import mermaid, svg
from .phrases import category_label


def ratio_text(ratio: float) -> str:
    """A likelihood ratio as people read it: two significant figures (17.78 -> "18",
    132.96 -> "130", 5.66 -> "5.7"), the exact value being in the JSON outputs."""
    return f"{float(f'{ratio:.2g}'):g}"


def label(key: str, lang: str) -> str:
    """A fixed word of the reports in ``lang``: the catalogue's label.KEY (for user templates;
    the packaged ones call say() with the whole key)."""
    return say(f"label.{key}", lang)


def handbook_words(lang: str) -> dict[str, str]:
    """The handbook's fixed words (the catalogue's handbook.*) in ``lang``, for runbook/words.j2."""
    return translations("handbook.", lang)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md(text: Any) -> str:
    """Text made inert in Markdown: no markup, no raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def code(text: Any) -> str:
    """Text shown verbatim as Markdown inline code, whatever backticks it holds."""
    text = str(text).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@lru_cache(maxsize=8)
def environment(user_dir: str | None = None) -> Environment:
    """The one Jinja environment: user templates (if any) override the packaged ones."""
    loaders: list[Any] = [PackageLoader("posdoctor.output", "templates")]
    if user_dir:
        loaders.insert(0, FileSystemLoader(user_dir))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"), default_for_string=True, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, code=code, mermaid=mermaid, svg=svg)
    env.filters["pct"] = lambda p: f"{p * 100:.1f}%"
    env.filters["num"] = lambda x: f"{x:g}"
    env.filters["ratio"] = ratio_text
    env.filters["value"] = lambda v: str(v).lower() if isinstance(v, bool) else v
    env.globals.update(
        say=say, label=label, category_label=category_label, handbook_words=handbook_words
    )
    return env


def render(template: str, user_dir: str | None = None, **context: Any) -> str:
    """Render one template of the environment with ``context``."""
    return environment(user_dir).get_template(template).render(**context)


def render_diagnosis(data: dict[str, Any], fmt: str, lang: str, user_dir: str | None = None) -> str:
    """A diagnosis (its JSON form) as Markdown or HTML."""
    name = "diagnosis.md.j2" if fmt == "markdown" else "diagnosis.html.j2"
    return render(name, user_dir, d=data, lang=lang)


def render_escalation(
    data: dict[str, Any], fmt: str, lang: str, user_dir: str | None = None
) -> str:
    """An escalation report (its JSON form) as Markdown or HTML."""
    name = "escalation.md.j2" if fmt == "markdown" else "escalation.html.j2"
    return render(name, user_dir, r=data, lang=lang)
