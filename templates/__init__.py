"""The jinja2 templates of the generated packages (installed as generator.templates)."""
