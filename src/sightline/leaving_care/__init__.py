"""Leaving care. So far the pure eligibility rule; models and services come with issue 4."""
