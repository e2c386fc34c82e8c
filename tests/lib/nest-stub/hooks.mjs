// Module resolution hooks (module.register) for tests/middleware/adapters.test.mjs:
// `@nestjs/common` imported by a module whose URL ends in `?commonjs` is
// commonjs.cjs, by anything else esm.mjs.
export async function resolve(specifier, context, next) {
  if (specifier !== '@nestjs/common') return next(specifier, context);
  const file = context.parentURL?.endsWith('?commonjs') ? './commonjs.cjs' : './esm.mjs';
  return { url: new URL(file, import.meta.url).href, shortCircuit: true };
}
