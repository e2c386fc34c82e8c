// The installed package by import (see check.cjs).
import { fileURLToPath } from 'node:url';
import * as hs from 'wechat-hostsign';
import * as express from 'wechat-hostsign/express';
import check from './check.cjs';

await check(hs, express, 'import', fileURLToPath(import.meta.resolve('wechat-hostsign')), /\/node_modules\/wechat-hostsign\/dist\/node(-legacy)?\.js$/);
