"""SMS waves, wave preparation and fan selection."""
