"""Backend clients: one per service, built per GraphQL request through ``Clients``."""
