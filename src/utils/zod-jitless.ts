import * as z from 'zod'

/**
 * The mini-program runtime forbids `new Function`, and the H5 app's Content-Security-Policy does too: zod is told so
 * before any schema is made, since a schema decides at construction whether to compile itself, probing with
 * `new Function` (which the browser reports as a policy violation). Imported first by app.tsx: imports run in order.
 */
z.config({ jitless: true })
