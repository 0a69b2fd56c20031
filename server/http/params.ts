import { z } from 'zod'

/** A host platform's space id as it may appear in paths and queries (the one rule every route applies). */
export const SPACE_ID = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'must be letters, digits or . _ : @ -')

export const spaceParams = z.object({ spaceId: SPACE_ID }).strict()
