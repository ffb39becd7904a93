"""The HTTP surface: GraphQL endpoint, GraphiQL, heartbeat, metrics, request hooks, CORS and CSRF."""
