// Fastify plugin: `await app.register(hostsign, { token })`, then
// `request.hostsign` in the handlers. Like fastify-plugin, it skips
// encapsulation, so it guards the context it is registered in: register it
// inside a prefixed plugin to guard only those routes.
import { body, configure } from './middleware.js';

// Options Fastify's register() itself understands; they mean nothing here.
const FASTIFY_OPTIONS = ['prefix', 'logLevel', 'logSerializers'];

/**
 * Checks the options when registered (a bad one rejects `register()` and
 * `ready()` with HostSignError), then verifies every request in an onRequest
 * hook, before the body is read. On failure: 401 `{ error, message }`, unless
 * `onError(failure, request, reply)` sends a reply.
 */
async function hostsign(fastify, options) {
  const { verifier, onError } = configure(options, 'the wechat-hostsign/fastify plugin', FASTIFY_OPTIONS);
  if (!fastify.hasRequestDecorator('hostsign')) fastify.decorateRequest('hostsign', null);
  fastify.addHook('onRequest', async (request, reply) => {
    const result = verifier.verifyRequest(request.raw);
    if (result.ok) {
      request.hostsign = result;
      return;
    }
    if (onError) {
      await onError(result, request, reply);
      if (reply.sent) return reply;
    }
    return reply.code(401).send(body(result));
  });
}

hostsign[Symbol.for('skip-override')] = true;
hostsign[Symbol.for('fastify.display-name')] = 'wechat-hostsign';
hostsign[Symbol.for('plugin-meta')] = { name: 'wechat-hostsign', fastify: '4.x || 5.x' };

export { hostsign };
export default hostsign;
