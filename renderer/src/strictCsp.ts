import { z } from 'zod';

// Imported first by main.tsx, before any schema is built: zod decides at schema construction
// whether to compile parsers with `new Function`, probing for it in a way a strict CSP reports
// as a violation. The core's CSP forbids eval, so tell zod up front.
z.config({ jitless: true });
