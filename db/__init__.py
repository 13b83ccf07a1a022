"""Persistence: tables, engine and sessions, the task-keeping workflows, seed data."""
