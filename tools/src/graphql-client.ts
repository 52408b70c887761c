/** A GraphQL error as the gateway returns it. */
export class GraphQLRequestError extends Error {
  constructor(readonly errors: Array<{ message: string; extensions?: { code?: string } }>, readonly status: number) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
}

/** POSTs one GraphQL operation; throws GraphQLRequestError when the response carries errors. */
export async function gql<T = Record<string, unknown>>(url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
  if (!body.data) throw new GraphQLRequestError([{ message: `no data (HTTP ${res.status})` }], res.status);
  return body.data;
}
