/**
 * A Gemini `parameters` or `responseSchema` (an OpenAPI subset with upper-case type names, `OBJECT`, `STRING`) as the
 * JSON Schema OpenAI-format tools carry: type names lower-cased, `nullable` as a null type, everything else as it is.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') result.type = value.toLowerCase();
    else if (key === 'nullable') continue;
    else if (key === 'properties' && value !== null && typeof value === 'object')
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    else if (key === 'items' || key === 'anyOf') result[key] = toJsonSchema(value);
    else result[key] = value;
  }
  if ((schema as { nullable?: unknown }).nullable === true && typeof result.type === 'string')
    result.type = [result.type, 'null'];
  return result;
}
