// Names for the generated API types (api-types.ts, from the backend's OpenAPI document: `npm run api-types`).
import type { components } from './api-types';

export type Schemas = components['schemas'];
/** The response or request body type of a backend DTO, e.g. Schema<'AlertRuleDto'>. */
export type Schema<K extends keyof Schemas> = Schemas[K];
