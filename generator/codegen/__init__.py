"""Code generation: a spec -> an importable, typed Python package (models and clients)."""
