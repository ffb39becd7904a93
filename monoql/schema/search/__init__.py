"""The search domain of the schema."""
