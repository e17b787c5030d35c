/** Reads the route table from the app's own OpenAPI document, so new routes are covered without editing a list. */
export interface RouteOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  key: string;
  isPublic: boolean;
  isAdminOnly: boolean;
  /** Refuses API keys (x-session-only): API-key management, password, account deletion, sign-out everywhere. */
  isSessionOnly: boolean;
  hasBody: boolean;
  pathParams: string[];
  bodySchema?: Record<string, unknown>;
  queryParams: Array<{ name: string; required: boolean; schema?: Record<string, unknown> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

export function listOperations(document: OpenApiDocument): RouteOperation[] {
  const operations: RouteOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const upper = method.toUpperCase() as RouteOperation['method'];
      const parameters = (operation.parameters as Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }>) ?? [];
      const body = operation.requestBody as { content?: Record<string, { schema?: Record<string, unknown> }> } | undefined;
      const schemaRef = body?.content?.['application/json']?.schema;
      operations.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        isPublic: operation['x-public'] === true,
        isAdminOnly: operation['x-admin-only'] === true,
        isSessionOnly: operation['x-session-only'] === true,
        hasBody: !!body,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
        bodySchema: schemaRef ? resolveSchema(document, schemaRef) : undefined,
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required, schema: p.schema })),
      });
    }
  }
  return operations;
}

export function resolveSchema(document: OpenApiDocument, schema: Record<string, unknown>): Record<string, unknown> {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.split('/').pop() as string;
  return document.components?.schemas?.[name] ?? {};
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `missing-${name}`));
}
