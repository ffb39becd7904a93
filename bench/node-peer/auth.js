'use strict';
// The caller of a request: a Bearer session JWT verified with RS256 (30 s leeway, `exp` and `user.id`
// required, as monoql), remembered per worker once verified, until it expires.

const jsonwebtoken = require('jsonwebtoken');

const LEEWAY_SECONDS = 30;
const REMEMBERED = 2048;
const verified = new Map();
const ANONYMOUS = { jwt: null, claims: null };

function verify(token, publicKey) {
  const known = verified.get(token);
  if (known) return known.exp + LEEWAY_SECONDS > Date.now() / 1000 ? known : null;
  let claims;
  try {
    claims = jsonwebtoken.verify(token, publicKey, { algorithms: ['RS256'], clockTolerance: LEEWAY_SECONDS });
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || !claims.user || !claims.user.id) return null;
  if (verified.size >= REMEMBERED) verified.delete(verified.keys().next().value);
  verified.set(token, claims);
  return claims;
}

function callerOf(authorization, publicKey) {
  const [scheme, token] = (authorization || '').trim().split(/\s+/, 2);
  if (!scheme || scheme.toLowerCase() !== 'bearer' || !token) return ANONYMOUS;
  const claims = verify(token, publicKey);
  return claims ? { jwt: token, claims } : ANONYMOUS;
}

module.exports = { callerOf };
