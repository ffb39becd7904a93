"""The GraphQL schema: Graphene types per domain, assembled in `root`."""
