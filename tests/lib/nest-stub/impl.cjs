// A miniature of the part of @nestjs/common that wechat-hostsign/nestjs uses,
// with Nest's signatures and what Nest does with them, for the fast adapter
// test (tests/middleware/adapters.test.mjs). Real NestJS 12 runs the adapter
// in tests/examples/nestjs.test.mjs (minutes: an app installed and compiled);
// @nestjs/common is not a dependency of this workspace.
//
// What Nest records, it records here in `metadata` (Nest uses
// reflect-metadata): the class marked injectable, the constructor parameters
// injected by token, a module's metadata, and a custom parameter decorator's
// factory with its data, which Nest calls per request as factory(data, context).
'use strict';

/** target → { injectable, inject: { [index]: token }, module, params: { [method]: { [index]: { factory, data } } } } */
const metadata = new WeakMap();
const of = (target) => {
  if (!metadata.has(target)) metadata.set(target, { inject: {}, params: {} });
  return metadata.get(target);
};

function Injectable(options) {
  return (target) => {
    of(target).injectable = options ?? true;
  };
}

// A constructor parameter: (target, undefined, index); a property: (target, key).
function Inject(token) {
  return (target, key, index) => {
    if (key !== undefined || typeof index !== 'number') throw new TypeError('this miniature takes constructor parameters only');
    of(target).inject[index] = token;
  };
}

function Module(meta) {
  return (target) => {
    of(target).module = meta;
  };
}

// Nest: createParamDecorator(factory) → (data?, ...pipes) → ParameterDecorator.
function createParamDecorator(factory) {
  return (data) => (target, key, index) => {
    const params = of(target.constructor).params;
    (params[key] ??= {})[index] = { factory, data };
  };
}

class HttpException extends Error {
  #response;
  #status;
  constructor(response, status) {
    super(typeof response === 'string' ? response : 'Http Exception');
    this.#response = response;
    this.#status = status;
  }
  getResponse() {
    return this.#response;
  }
  getStatus() {
    return this.#status;
  }
}

class UnauthorizedException extends HttpException {
  constructor(objectOrError) {
    super(objectOrError ?? { statusCode: 401, message: 'Unauthorized' }, 401);
  }
}

module.exports = { Injectable, Inject, Module, createParamDecorator, HttpException, UnauthorizedException, metadata };
