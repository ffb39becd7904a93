"""The viewer domain of the schema."""
