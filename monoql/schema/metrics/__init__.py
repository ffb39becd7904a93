"""Entry and eligibility metrics per market."""
