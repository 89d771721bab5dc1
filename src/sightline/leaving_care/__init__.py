"""Leaving care: the eligibility rule (eligibility.py), care leavers' records over time, homeless
16/17-year-olds and NEET support (the 2025 inspection's two areas for improvement)."""
