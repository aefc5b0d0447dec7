// `node --import ./register.mjs out/main/index.js`: the built main process runs in plain Node, with
// 'electron' resolved to the recording fake next to this file. The real electron package is never loaded.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
