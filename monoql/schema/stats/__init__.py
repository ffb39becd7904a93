"""Job progress records (stats) and scoring-record tagging."""
