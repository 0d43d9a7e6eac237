import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { auditEventsLoader } from './loaders/audit-events';

const events = defineCollection({
  loader: auditEventsLoader(),
  schema: z.object({
    name: z.string().min(1),
    module: z.string().min(1),
    args: z.array(z.string().min(1)),
    references: z.number().int().positive(),
    line: z.number().int().positive(),
  }),
});

export const collections = { events };
