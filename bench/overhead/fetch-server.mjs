// Overhead server for Bun (Bun.serve) and Deno (Deno.serve), whichever runs
// this file (see handler.mjs for the three endpoints). Prints {"port":N}.
import { createVerifier } from 'wechat-hostsign';
import { fetchHandler } from './handler.mjs';

const token = globalThis.Deno ? Deno.env.get('HOSTSIGN_TOKEN') : process.env.HOSTSIGN_TOKEN;
const fetch = fetchHandler(createVerifier, token);
const say = (port) => console.log(JSON.stringify({ port }));
if (globalThis.Deno) Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => say(port) }, fetch);
else say(Bun.serve({ port: 0, hostname: '127.0.0.1', fetch }).port);
