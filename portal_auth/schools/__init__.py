"""The school organisation: who belongs where, and who may see whom."""
