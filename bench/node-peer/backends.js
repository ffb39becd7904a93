'use strict';
// Backend calls of the Node peer: one undici keep-alive pool (8 sockets) per backend origin, the
// callers' headers, the envelope rules monoql applies (`{data, meta}` unwrapped, errors thrown), and
// a per-worker cache of anonymous campaign reads (5 s, as monoql's `services.campaigns.cacheTtl`).

const { Pool } = require('undici');
const { randomUUID } = require('node:crypto');

const POOL_SOCKETS = 8;
const pools = new Map();

function poolFor(origin) {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: POOL_SOCKETS, keepAliveTimeout: 30_000 });
    pools.set(origin, pool);
  }
  return pool;
}

class BackendError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
  }
}

function queryString(params) {
  const parts = [];
  for (const [name, value] of Object.entries(params || {})) {
    if (value === undefined || value === null) continue;
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function unwrap(payload) {
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && 'data' in payload
      && Object.keys(payload).every((key) => key === 'data' || key === 'meta')) {
    return payload.data;
  }
  return payload;
}

// A worker's cache of anonymous campaign reads, keyed by URL; bounded by entries.
const MAX_CACHED = 10_000;
const cached = new Map();

class Calls {
  /** The backend calls of one GraphQL request, made as `jwt` (null: anonymous). */
  constructor(services, jwt, cacheTtlMs) {
    this.services = services;
    this.jwt = jwt;
    this.cacheTtlMs = cacheTtlMs;
    this.headers = { 'x-correlation-id': randomUUID(), 'user-agent': 'monoql-node-peer', accept: 'application/json' };
    if (jwt) this.headers.authorization = `Bearer ${jwt}`;
    this.count = 0;
    this.sent = 0;
  }

  /** GET `path` of `service`; `cacheable` opts an anonymous read into the worker cache. */
  async get(service, path, params, { cacheable = false } = {}) {
    this.count += 1;
    const base = this.services[service];
    const url = base + path + queryString(params);
    const useCache = cacheable && !this.jwt && this.cacheTtlMs > 0;
    if (useCache) {
      const hit = cached.get(url);
      if (hit && hit.expires > Date.now()) return hit.payload;
    }
    this.sent += 1;
    const target = new URL(url);
    const { statusCode, body } = await poolFor(target.origin).request({
      method: 'GET', path: target.pathname + target.search, headers: this.headers,
      headersTimeout: 10_000, bodyTimeout: 10_000,
    });
    const text = await body.text();
    const parsed = text.trim() ? JSON.parse(text) : null;
    if (statusCode < 200 || statusCode >= 300) {
      const error = parsed && typeof parsed === 'object' ? (parsed.error || parsed) : null;
      throw new BackendError(statusCode, error);
    }
    const payload = unwrap(parsed);
    if (useCache) {
      if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value);
      cached.set(url, { expires: Date.now() + this.cacheTtlMs, payload });
    }
    return payload;
  }
}

module.exports = { Calls, BackendError };
