"""Oversight: complaints (R39, R40), the provider register (R21, R22) and the municipality's
quality standard with its lint findings."""
