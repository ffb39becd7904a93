"""The promoters domain of the schema."""
