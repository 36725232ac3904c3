#!/usr/bin/env node
// `npx sluice …`: runs the TypeScript CLI through tsx, as `npm start` runs the gateway.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
