// @nestjs/common as NestJS 12 ships it: an ES module with named exports (and
// no default export). See impl.cjs.
import nest from './impl.cjs';

export const { Injectable, Inject, Module, createParamDecorator, HttpException, UnauthorizedException } = nest;
