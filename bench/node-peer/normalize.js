'use strict';
// Backend documents → the parent objects of the schema's types, with the normalisation monoql applies
// (docs/normalisation.md): locales in client form, content and labels as `{localized, en_US, …}`,
// FAQ maps as lists, market points as `{latitude, longitude}`, the campaign's concrete type.

const LEGACY_LOCALES = ['en_US', 'en_CA', 'en_GB', 'fr_CA', 'en_MX', 'es_MX', 'en_IE'];
const SECTIONS_BY_VERSION = { 2: ['signup', 'faqs'] };
const DEFAULT_SECTIONS = ['started', 'finished', 'terms'];
const LOCALE_KEY = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,4})?$/;
const VERSION = Symbol('schemaVersion');
const LOCKED = Symbol('locked');

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function normalizeLocale(value, sep) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return value;
  const parts = value.replace('_', '-').split('-');
  if (parts.length === 1) return parts[0].toLowerCase();
  if (parts.length === 2) return `${parts[0].toLowerCase()}${sep}${parts[1].toUpperCase()}`;
  return value;
}
const toBackend = (value) => normalizeLocale(value, '-');
const toClient = (value) => normalizeLocale(value, '_');

function withLegacyLocales(localized) {
  const result = { localized };
  for (const name of LEGACY_LOCALES) {
    const item = localized.find((entry) => entry.locale === name);
    result[name] = item ? item.value : null;
  }
  return result;
}

function faqsToList(faqs) {
  if (!isObject(faqs)) return faqs;
  return Object.entries(faqs).map(([key, value]) => {
    const fields = isObject(value) ? { ...value } : {};
    delete fields.id;
    return { id: key, ...fields };
  });
}

function contentValue(value, version) {
  if (!isObject(value)) return value;
  const result = { ...value };
  if ('faqs' in result) result.faqs = faqsToList(result.faqs);
  result[VERSION] = version;
  return result;
}

function contentFromBackend(content, version) {
  if (!isObject(content)) return null;
  const localized = Object.entries(content).map(([key, value]) => (
    { locale: toClient(key), value: contentValue(value, version) }));
  return withLegacyLocales(localized);
}

/** `Content.body(onlyCurrent)`: only the sections of the campaign's schema version by default. */
function currentBody(content, onlyCurrent) {
  const body = content.body;
  if (!isObject(body) || onlyCurrent === false) return body;
  const version = content[VERSION];
  const keep = version === null || version === undefined
    ? DEFAULT_SECTIONS : (SECTIONS_BY_VERSION[String(version)] || DEFAULT_SECTIONS);
  const result = {};
  for (const [key, value] of Object.entries(body)) if (keep.includes(key)) result[key] = value;
  return result;
}

function labelFromMap(label, defaultLocale) {
  let map = label;
  if (typeof map === 'string') map = { [defaultLocale || 'en-US']: map };
  if (!isObject(map)) return null;
  return withLegacyLocales(Object.entries(map).map(([key, value]) => ({ locale: toClient(key), value })));
}

function isLocaleMap(value) {
  if (!isObject(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([key, item]) => LOCALE_KEY.test(key)
    && (item === null || typeof item === 'string'));
}

function additionalFromBackend(additional, defaultLocale) {
  if (!isObject(additional) || !isLocaleMap(additional.defaultLabel)) return additional;
  return { ...additional, defaultLabel: labelFromMap(additional.defaultLabel, defaultLocale) };
}

function campaignLocales(doc) {
  return Array.isArray(doc.locales) ? doc.locales.filter(isObject) : [];
}

function defaultLocale(doc) {
  const locales = campaignLocales(doc);
  const marked = locales.find((loc) => loc.is_default);
  const value = (marked && marked.id) || (locales[0] && locales[0].id);
  return value ? String(value) : null;
}

function sameLanguage(a, b) {
  const lang = (text) => text.replace(/_/g, '-').split('-')[0].toLowerCase();
  return lang(a) === lang(b);
}

function pickCurrentLocale(locales, requested) {
  const ids = locales.filter((loc) => loc.id).map((loc) => String(loc.id));
  if (!ids.length) return null;
  if (requested) {
    const wanted = String(toBackend(requested)).toLowerCase();
    const exact = ids.find((id) => String(toBackend(id)).toLowerCase() === wanted);
    if (exact) return exact;
    const language = ids.find((id) => sameLanguage(id, wanted));
    if (language) return language;
  }
  const marked = locales.find((loc) => loc.is_default && loc.id);
  return marked ? String(marked.id) : ids[0];
}

function currentLocale(doc, requested) {
  const given = isObject(doc.currentLocale) ? doc.currentLocale.id : doc.currentLocale;
  const current = given || pickCurrentLocale(campaignLocales(doc), requested);
  if (!current) return null;
  const id = toClient(current);
  const match = campaignLocales(doc).find((loc) => toClient(loc.id) === id);
  return { id, is_default: match ? Boolean(match.is_default) : false };
}

function campaignType(doc) {
  const value = isObject(doc) ? doc.type : null;
  return value === 'registration' || value === 'fanlist' ? value : 'registration';
}

function normalizeCampaign(doc, requestedLocale) {
  if (!isObject(doc)) return null;
  const result = { ...doc };
  result.id = doc.id !== undefined && doc.id !== null ? doc.id : doc._id;
  result.type = campaignType(doc);
  const version = isObject(doc.schema) && doc.schema.version !== undefined && doc.schema.version !== null
    ? String(doc.schema.version) : null;
  result.content = contentFromBackend(doc.content, version);
  if (Array.isArray(doc.locales)) {
    result.locales = doc.locales.map((loc) => (isObject(loc) ? { ...loc, id: toClient(loc.id) } : loc));
  }
  result.currentLocale = currentLocale(doc, requestedLocale);
  if (Array.isArray(doc.preferences)) {
    const fallback = defaultLocale(doc);
    result.preferences = doc.preferences.map((pref) => {
      if (!isObject(pref)) return pref;
      const copy = { ...pref };
      if ('label' in copy) copy.label = labelFromMap(copy.label, fallback);
      if ('additional' in copy) copy.additional = additionalFromBackend(copy.additional, fallback);
      return copy;
    });
  }
  result[LOCKED] = doc.locked === true;
  return result;
}

function marketPoint(point) {
  const coordinates = isObject(point) ? point.coordinates : null;
  return Array.isArray(coordinates) && coordinates.length >= 2
    ? { latitude: coordinates[0], longitude: coordinates[1] } : null;
}

function normalizeMarkets(docs) {
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    if (!isObject(doc)) return null;
    return { ...doc, id: doc.id !== undefined && doc.id !== null ? doc.id : doc._id, point: marketPoint(doc.point) };
  });
}

function eligibleCounts(answer) {
  if (!isObject(answer)) return null;
  const byMarket = (answer.byMarket || []).filter(isObject).map((market) => ({
    marketId: market.marketId,
    count: market.count,
    countsByPreferenceRank: (market.countsByPreferenceRank || []).filter(isObject)
      .map((rank) => ({ rank: rank.rank, count: rank.count })),
  }));
  return { count: answer.count, byMarket };
}

const preferenceCounts = (answer) => (Array.isArray(answer) ? answer : [])
  .filter(isObject).map((item) => ({ id: item.id, counts: item.counts }));
const marketCounts = (answer) => (Array.isArray(answer) ? answer : [])
  .filter(isObject).map((item) => ({ id: item.id, count: item.count }));
const codeCount = (answer) => {
  const doc = isObject(answer) ? answer : {};
  return { available: doc.available, assigned: doc.assigned, reserved: doc.reserved };
};

module.exports = {
  campaignType, currentBody, eligibleCounts, marketCounts, normalizeCampaign, normalizeMarkets,
  preferenceCounts, codeCount, toBackend, LOCKED,
};
