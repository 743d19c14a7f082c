import type { z } from 'zod';
import type { hostConfigInput } from '../schemas/host';

/**
 * A PBX host as kept in the settings file: never a secret in here. Derived from its schema so
 * the two cannot drift; what each field means is said on the schema's fields.
 */
export type HostConfig = z.output<typeof hostConfigInput>;
