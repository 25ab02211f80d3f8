"""Reasoning: from answers to ranked causes with their evidence and ordered fixes (diagnosis),
the explanation of each conclusion (explain), and which question is worth asking next (voi).
No I/O."""
