"""Freshness of venue data: verification date, age score, the monthly check with the venues."""
