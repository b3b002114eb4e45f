"""Tandem's persistence on eventsourcing's recorders: commands recorded with their events, and
every wait on the store bounded in time. `Store.environment` points eventsourcing at the
factories in `sqlite` and `postgres`."""
