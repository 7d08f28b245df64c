// Module resolve hook (see register.mjs): any file of a better-sqlite3 package resolves to the same file here.
const PACKAGE = '/node_modules/better-sqlite3/';
const NODE22_COPY = new URL(`.${PACKAGE}`, import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const at = resolved.url.lastIndexOf(PACKAGE);
  if (at < 0 || resolved.url.startsWith(NODE22_COPY)) return resolved;
  return { ...resolved, url: NODE22_COPY + resolved.url.slice(at + PACKAGE.length) };
}
