const cache = new Map();

export function money(amount, currency = 'EUR', locale = 'de-DE') {
  const key = `${locale}:${currency}`;
  if (!cache.has(key)) {
    cache.set(key, new Intl.NumberFormat(locale, { style: 'currency', currency }));
  }
  return cache.get(key).format(amount);
}

export const slug = (text) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
