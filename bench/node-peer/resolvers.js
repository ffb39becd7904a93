'use strict';
// Resolvers of the bench operations over the repository's SDL: the viewer and its campaign (by id or
// by domain), markets, contacts and eligible counts, the campaign list, the metrics and code counts,
// and identity. Reads go through per-request DataLoaders, so a campaign or its markets are read once.

const DataLoader = require('dataloader');
const { GraphQLError, GraphQLScalarType } = require('graphql');
const { valueFromASTUntyped } = require('graphql/utilities/valueFromASTUntyped');
const N = require('./normalize');

const DEFAULT_LIST_LIMIT = 10;
const MAX_PAGE_SIZE = 1000;

function requireLogin(ctx) {
  if (!ctx.claims) {
    throw new GraphQLError('You must be logged in.', { extensions: { code: 'UNAUTHENTICATED' } });
  }
}

const text = (value) => (typeof value === 'string' && value ? value : null);

function notFoundIsNull(error) {
  if (error.status === 404) return null;
  throw error;
}

/** One loader per key kind; the backends have no batch endpoints, so each key is its own call. */
function eachKey(load) {
  return (keys) => Promise.all(keys.map((key) => load(key).catch((error) => error)));
}

function loaders(calls) {
  return {
    campaignById: new DataLoader(eachKey(async (key) => {
      const [id, locale, showAll] = JSON.parse(key);
      const doc = await calls.get('campaigns', `/campaigns/${encodeURIComponent(id)}`,
        { locale, showAllLocales: showAll }, { cacheable: true }).catch(notFoundIsNull);
      return N.normalizeCampaign(doc, locale);
    })),
    campaignByDomain: new DataLoader(eachKey(async (key) => {
      const [domain, locale, showAll] = JSON.parse(key);
      const doc = await calls.get('campaigns', '/campaigns', { domain, locale, showAllLocales: showAll },
        { cacheable: true }).catch(notFoundIsNull);
      return N.normalizeCampaign(doc, locale);
    })),
    markets: new DataLoader(eachKey(async (id) => N.normalizeMarkets(
      await calls.get('campaigns', `/campaigns/${encodeURIComponent(id)}/markets`)))),
    contacts: new DataLoader(eachKey((id) => calls.get('campaigns',
      `/campaigns/${encodeURIComponent(id)}/contacts`))),
  };
}

/** docs/backends.md §5: the page(s) that hold items `skip … skip+limit-1`. */
function pageWindow(skip, limit) {
  const last = skip + limit - 1;
  for (let size = limit; size <= MAX_PAGE_SIZE; size += 1) {
    if (Math.floor(skip / size) === Math.floor(last / size)) {
      const page = Math.floor(skip / size);
      return { pages: [[page, size]], offset: skip - page * size };
    }
  }
  const page = Math.floor(skip / limit);
  return { pages: [[page, limit], [page + 1, limit]], offset: skip - page * limit };
}

function sortParams(sort) {
  if (!sort) return [null, null];
  return sort.startsWith('-') ? [sort.slice(1), 'desc'] : [sort, 'asc'];
}

function bareHost(host) {
  const value = (host || '').trim().toLowerCase();
  if (value.startsWith('[')) return `${value.split(']')[0]}]`;
  return (value.match(/:/g) || []).length === 1 ? value.slice(0, value.lastIndexOf(':')) : value;
}

function identityFor(identity, host) {
  const name = bareHost(host);
  const matches = Object.keys(identity.hosts).filter((key) => {
    const suffix = key.trim().toLowerCase().replace(/\.$/, '');
    return name === suffix || name.endsWith(`.${suffix}`);
  });
  const values = { ...identity.default };
  if (matches.length) {
    const chosen = identity.hosts[matches.reduce((a, b) => (b.length > a.length ? b : a))];
    if (typeof chosen === 'string') values.url = chosen;
    else for (const [key, value] of Object.entries(chosen)) if (value !== null) values[key] = value;
  }
  return values;
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => valueFromASTUntyped(node, variables),
});

const Upload = new GraphQLScalarType({
  name: 'Upload',
  serialize: () => { throw new TypeError('Upload can only be an input'); },
});

function campaignMarkets(campaign, _args, ctx) {
  if (campaign[N.LOCKED] || campaign.id === null || campaign.id === undefined) return [];
  return ctx.loaders.markets.load(String(campaign.id));
}

const resolvers = {
  JSON: JSONScalar,
  Upload,
  Query: {
    viewer: () => ({}),
    metrics: () => ({}),
    codes: () => ({}),
    identity: (_root, _args, ctx) => identityFor(ctx.identity, ctx.host),
  },
  Viewer: {
    id: (_v, _a, ctx) => ctx.userId,
    isLoggedIn: (_v, _a, ctx) => ctx.claims !== null,
    isAdmin: (_v, _a, ctx) => Boolean(ctx.claims && (ctx.claims.isAdmin || ctx.claims.isSupreme)),
    campaign: (_v, args, ctx) => {
      const locale = N.toBackend(text(args.locale));
      const showAll = Boolean(args.showAllLocales);
      if (text(args.id)) return ctx.loaders.campaignById.load(JSON.stringify([args.id, locale, showAll]));
      const site = text(args.domain);
      if (site === null) return null;
      return ctx.loaders.campaignByDomain.load(JSON.stringify([site.trim().toLowerCase(), locale, showAll]));
    },
    campaigns: () => ({}),
  },
  Campaigns: {
    list: async (_c, args, ctx) => {
      requireLogin(ctx);
      const skip = args.skip ?? 0;
      const limit = args.limit ?? DEFAULT_LIST_LIMIT;
      if (skip < 0 || limit < 0 || limit > ctx.maxListLimit) {
        throw new GraphQLError('Invalid pagination.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      if (limit === 0) return [];
      const [sortBy, sortDirection] = sortParams(args.sort);
      const plan = pageWindow(skip, limit);
      const pages = await Promise.all(plan.pages.map(([page, pageSize]) => ctx.calls.get('campaigns',
        '/campaigns/list', { q: args.query, type: args.type, version: args.version, artistId: args.artistId,
          sortBy, sortDirection, page, pageSize })));
      return pages.flat().slice(plan.offset, plan.offset + limit).map((doc) => N.normalizeCampaign(doc, null));
    },
  },
  Campaign: { __resolveType: (doc) => (N.campaignType(doc) === 'fanlist' ? 'FanlistCampaign' : 'RegistrationCampaign') },
  RegistrationCampaign: {
    markets: campaignMarkets,
    contacts: (campaign, _a, ctx) => { requireLogin(ctx); return ctx.loaders.contacts.load(String(campaign.id)); },
    eligibileCounts: async (campaign, args, ctx) => {
      requireLogin(ctx);
      const marketIds = (args.marketIds || []).filter((id) => id !== null).map(String);
      const answer = await ctx.calls.get('entries', `/${encodeURIComponent(campaign.id)}/entries/eligibility`, {
        marketIds: marketIds.length ? marketIds.join(',') : null, minScore: args.minScore,
        maxScore: args.maxScore, reassign: args.includePrevSelected,
      });
      return N.eligibleCounts(answer);
    },
  },
  FanlistCampaign: {
    contacts: (campaign, _a, ctx) => { requireLogin(ctx); return ctx.loaders.contacts.load(String(campaign.id)); },
  },
  Content: {
    body: (content, args) => N.currentBody(content, args.onlyCurrent !== false),
  },
  Metrics: {
    entriesByMarketPreference: async (_m, { campaignId }, ctx) => {
      requireLogin(ctx);
      return N.preferenceCounts(await ctx.calls.get('entries', `/${encodeURIComponent(campaignId)}/entries/counts`));
    },
    eligibleByMarketPreference: async (_m, args, ctx) => {
      requireLogin(ctx);
      return N.preferenceCounts(await ctx.calls.get('entries',
        `/${encodeURIComponent(args.campaignId)}/entries/eligibility/breakdown`,
        { includePrevSelected: args.includePrevSelected, minScore: args.minScore, maxScore: args.maxScore }));
    },
    verifiedCountByMarket: async (_m, args, ctx) => {
      requireLogin(ctx);
      return N.marketCounts(await ctx.calls.get('entries',
        `/${encodeURIComponent(args.campaignId)}/entries/eligibility/verifiedCount`,
        { minScore: args.minScore, maxScore: args.maxScore }));
    },
    totalSelectedByMarket: async (_m, { campaignId }, ctx) => {
      requireLogin(ctx);
      return N.marketCounts(await ctx.calls.get('entries',
        `/${encodeURIComponent(campaignId)}/entries/eligibility/totalSelected`));
    },
  },
  Codes: {
    count: async (_c, args, ctx) => {
      requireLogin(ctx);
      return N.codeCount(await ctx.calls.get('codes', `/${encodeURIComponent(args.campaignId)}/codes/count`,
        { type: args.type, status: args.status }));
    },
  },
};

module.exports = { resolvers, loaders };
