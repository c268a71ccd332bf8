// openapi-fetch builds a platform Request for every call only to hand it to the transport, which
// takes it apart again to sign it and send it with a timeout of its own. In Node a Request is an
// AbortController, a copy of the headers and a body stream: `npm run bench` measures a call about
// 7% faster without it. So openapi-fetch is given this class (its `Request` option) and builds the
// request's parts instead. Middleware is promised a real Request: once any is added, or a call
// brings its own middleware or fetch, its requests are real ones again.

/** What openapi-fetch passed to `new Request(url, init)`; openapi-fetch itself reads only `method`. */
export class RequestParts {
  readonly method: string;
  constructor(
    readonly url: string,
    readonly init: RequestInit & { headers: Headers; body?: string },
  ) {
    this.method = init.method ?? "GET";
  }
}

/** The `Request` option of openapi-fetch: request parts, unless `real()` (or a body that is not text). */
export function requestClass(real: () => boolean): typeof Request {
  function DcsRequest(url: string, init: RequestInit) {
    const parts = !real() && init.headers instanceof Headers && (init.body == null || typeof init.body === "string");
    return parts ? new RequestParts(url, init as RequestParts["init"]) : new Request(url, init);
  }
  // openapi-fetch accepts a middleware's own Request by `instanceof` this class.
  Object.defineProperty(DcsRequest, Symbol.hasInstance, { value: (value: unknown) => value instanceof Request });
  return DcsRequest as unknown as typeof Request;
}
