import { ApiKeyEntity } from '../auth/api-key.entity';

/** Every entity, listed explicitly (no globs): the same list works under ts-jest, tsc output and the CLI scripts. */
export const ALL_ENTITIES = [ApiKeyEntity];
