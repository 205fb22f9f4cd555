"""The event's state and how it changes: models, services, the live match controller, the bus."""
