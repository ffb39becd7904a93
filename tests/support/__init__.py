"""What the tests share, one module per job.

- `gateway`: test settings (every backend mocked at http://backend.test) and a driver for `/graphql`.
- `tokens`: session JWTs signed with the development key, and the identities the schema tests use.
- `backends`: backend answers (envelopes, failures) and readers of the calls `responses` recorded.
- `wire`: the same for the client tests, whose backends sit at http://localhost:8090, and one call's entries client.
- `campaigns`, `operations`: the runners of the two families of schema tests.
- `isolation`: the fresh per-process state every test starts with (the root fixture).
- `production`: production-like settings, leak patterns and a health probe (hardening, web).
- `raw_http`: raw HTTP exchanges over a socket with a running server (nginx, gunicorn).
- `loopback`: a scripted HTTP server on a loopback port, and one call through the shared session and a stock requests session, to compare how each ends.
"""
