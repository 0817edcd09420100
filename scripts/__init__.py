"""Maintenance scripts of the book (run by make); importable so that the tests can check their output."""
