import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, with the messages classic zod gives. Classic zod registers its English messages when it builds its
// first schema; zod/mini leaves them to its user, and without them every problem reads "Invalid input". What the
// hub reads back from its files and its channel is checked with zod/mini (lighter to load), and a problem there
// must read the same whichever zod a process happened to load first. A locale set before stays.
if (!config().localeError) config(en());

export * as z from './zod-mini-parts';
