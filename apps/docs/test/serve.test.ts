// The docs server as a client other than a browser meets it: only GET and HEAD, and a 404 that
// says "build first" only when nothing is built.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../src/serve.mjs";

let server: Awaited<ReturnType<typeof serveDocs>>;
beforeAll(async () => {
  server = await serveDocs({ port: 0 });
});
afterAll(() => server?.close());

describe("the docs server", () => {
  it.each(["DELETE", "OPTIONS", "POST", "PUT"])("answers %s with 405 and Allow: GET, HEAD, not with the page", async (method) => {
    const answer = await fetch(server.url, { method });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET, HEAD");
    expect(await answer.text()).not.toContain("<html");
  });

  it("answers TRACE with 405 too (fetch cannot send it)", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) =>
      request(server.url, { method: "TRACE" }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on("error", reject)
        .end(),
    );
    expect(status).toBe(405);
  });

  it("answers HEAD with the page's headers and no body", async () => {
    const answer = await fetch(server.url, { method: "HEAD" });
    expect(answer.status).toBe(200);
    expect(Number(answer.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(await answer.text()).toBe("");
  });

  it("says a missing path is missing, not that the docs are unbuilt, once they are built", async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const answer = await fetch(`${server.url}no-such-page.html`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).toBe("not found: /no-such-page.html (the docs are at /)");
  });
});
