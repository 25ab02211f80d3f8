"""Rule matching: the knowledge base's rules run over a set of facts, giving firings (which
rule matched which alternative) and derived facts. Only ``durable.py`` imports durable-rules;
nothing outside this package sees its types."""

from .durable import EngineError, Firing, Firings, RuleEngine

__all__ = ["EngineError", "Firing", "Firings", "RuleEngine"]
