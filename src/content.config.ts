import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { auditEventsLoader } from './loaders/audit-events';

const events = defineCollection({
  loader: auditEventsLoader(),
  schema: z
    .object({
      name: z.string().min(1),
      module: z.string().min(1),
      args: z.array(z.string().min(1)),
      /** The number of `[n]` markers in the row. */
      references: z.number().int().positive(),
      line: z.number().int().positive(),
      /** The places in the docs that raise the event, in the order of the markers. */
      sources: z.array(
        z.object({
          page: z.string().min(1),
          anchor: z.string().min(1),
          api: z.string().min(1),
          url: z.url(),
        }),
      ),
    })
    .refine((event) => event.sources.length === event.references, {
      message: 'every [n] marker needs one reference',
    }),
});

export const collections = { events };
