"""The knowledge base: its model, reading and validating the YAML, the cache, and helpers over
its conditions. Imports nothing else of posdoctor but its version."""
