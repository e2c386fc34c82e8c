// The app's own folder is the root for Turbopack and file tracing (the test
// builds a copy of it inside the repository, which has lockfiles of its own).
const root = import.meta.dirname;

export default { turbopack: { root }, outputFileTracingRoot: root };
