"""apigen validate: captured responses checked against the spec."""
