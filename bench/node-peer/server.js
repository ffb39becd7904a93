'use strict';
// The Node.js peer of the monoql benchmarks: Apollo Server 5 (standalone) under node:cluster, one
// worker per core, serving the repository's SDL with graphql-js 16, DataLoader and undici.
//
// PEER_CONFIG names a JSON file: {port, services: {name: base URL}, publicKey, cacheTtlSeconds,
// maxListLimit, identity: {default: {...}, hosts: {...}}}. Each response carries the backend calls
// it made (X-Backend-Calls, worker cache hits included) and sent (X-Backend-Sent), for the bench.

const cluster = require('node:cluster');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');
const { callerOf } = require('./auth');
const { Calls } = require('./backends');
const { resolvers, loaders } = require('./resolvers');

const config = JSON.parse(fs.readFileSync(process.env.PEER_CONFIG, 'utf8'));
const workers = Number(process.env.PEER_WORKERS) || os.availableParallelism();

async function serve() {
  const typeDefs = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  const countCalls = {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          response.http.headers.set('x-backend-calls', String(contextValue.calls.count));
          response.http.headers.set('x-backend-sent', String(contextValue.calls.sent));
        },
      };
    },
  };
  const server = new ApolloServer({ typeDefs, resolvers, plugins: [countCalls] });
  const cacheTtlMs = config.cacheTtlSeconds * 1000;
  await startStandaloneServer(server, {
    listen: { port: config.port, host: '127.0.0.1' },
    context: async ({ req }) => {
      const { jwt, claims } = callerOf(req.headers.authorization, config.publicKey);
      const calls = new Calls(config.services, jwt, cacheTtlMs);
      const user = claims && claims.user;
      return {
        calls, claims, loaders: loaders(calls), host: req.headers.host,
        userId: user && user.id ? String(user.id) : null,
        identity: config.identity, maxListLimit: config.maxListLimit,
      };
    },
  });
}

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (code !== 0) process.stderr.write(`worker ${worker.process.pid} exited with ${code}\n`);
  });
  const stop = () => { for (const worker of Object.values(cluster.workers)) worker.kill(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  serve().catch((error) => { process.stderr.write(`${error.stack}\n`); process.exit(1); });
}
