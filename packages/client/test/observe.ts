// An injected fetch that keeps every Request the client sends and answers from a script: as
// openapi-fetch's own tests do, nothing is mocked but the network.
export type Answer = Response | ((request: Request) => Response | Promise<Response>);

export function observedFetch(...answers: Answer[]) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    bodies.push(await request.clone().text());
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (!answer) throw new Error("observedFetch: no answer scripted");
    return typeof answer === "function" ? answer(request) : answer.clone();
  };
  return { fetch, requests, bodies };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "X-Request-Id": "454d689fa69847610b3ca486458fb08b", ...headers },
  });
}

export const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const TASK = "a276c1ffa0a54c2597fc824b917db317";

/** What a call that must fail threw (the test fails if it did not). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}
