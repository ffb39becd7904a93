"""Asynchronous data exports of a campaign."""
