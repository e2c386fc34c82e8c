// Resolves a subpath of a package.json exports map for a set of conditions,
// the way Node and bundlers do (first matching key, in object order).
export function resolveExport(pkg, subpath, conditions) {
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (target === null || typeof target !== 'object') return null;
    for (const [key, value] of Object.entries(target)) {
      if (key === 'default' || conditions.includes(key)) {
        const r = pick(value);
        if (r !== null) return r;
      }
    }
    return null;
  };
  return pick(pkg.exports[subpath]);
}
