// The gateway keeps its connections to Prism alive, and Prism closes an idle one after 5 s. On a
// busy machine a request can go out on a connection in the very moment it closes: the request is
// reset unread (a soak run saw "socket hang up" on an IP rollback). A local server in Prism's place
// plays that moment on purpose: it resets any second request on a connection, and answers only the
// first request of each connection.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { DcsErrors } from "@dcs-migration/client";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../src/sandbox/gateway.js";

type Gateway = Awaited<ReturnType<typeof startGateway>>;
const opened: Array<Server | Gateway> = [];
afterEach(async () => {
  for (const thing of opened.splice(0)) {
    if ("closeAllConnections" in thing) {
      thing.closeAllConnections();
      await new Promise((resolve) => thing.close(resolve));
    } else await thing.close();
  }
});

/** In Prism's place: answers the first request of a connection; resets the ones after it (or every one). */
async function upstream(resetEvery = false) {
  const seen: Array<{ path: string; nth: number; answered: boolean }> = [];
  const served = new WeakMap<Socket, number>();
  const server = createServer((req, res) => {
    const nth = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, nth);
    const answered = !resetEvery && nth === 1;
    seen.push({ path: String(req.url), nth, answered });
    if (!answered) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url }));
  });
  // Prism's 5 s would let a stalled machine close the connection between the two requests of a
  // test, which then would not reuse it: here a connection is closed only on purpose.
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  opened.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function gatewayTo(prismUrl: string) {
  const gateway = await startGateway({
    port: 0,
    prismUrl,
    prismReady: () => Promise.resolve(),
    control: {},
    credentials: undefined,
    faults: { rate: 0, kinds: [], slowMs: 0 },
    seed: 1,
    clockSkewMs: 0,
    onRequest() {},
  });
  opened.push(gateway);
  return gateway;
}

describe("the gateway's connections to Prism", () => {
  it("sends a request again, once, on a connection of its own, when a kept-alive one is reset under it", async () => {
    const prism = await upstream();
    const gateway = await gatewayTo(prism.url);
    const first = await fetch(`${gateway.url}/v2/p/migration-tasks`);
    expect([first.status, await first.json()]).toEqual([200, { path: "/v2/p/migration-tasks" }]);
    const second = await fetch(`${gateway.url}/v2/p/migration-task/t1`);
    expect([second.status, await second.json()]).toEqual([200, { path: "/v2/p/migration-task/t1" }]);
    // The second request did go out on the kept-alive connection and was reset there.
    expect(prism.seen).toEqual([
      { path: "/v2/p/migration-tasks", nth: 1, answered: true },
      { path: "/v2/p/migration-task/t1", nth: 2, answered: false },
      { path: "/v2/p/migration-task/t1", nth: 1, answered: true },
    ]);
  });

  it("answers the catalogue's internal error naming the proxy, sending nothing twice, when a new connection is reset", async () => {
    const prism = await upstream(true);
    const gateway = await gatewayTo(prism.url);
    const answer = await fetch(`${gateway.url}/v2/p/migration-task/t1/rollback-ip`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(DcsErrors.INTERNAL_ERROR.status);
    expect(await answer.json()).toMatchObject({
      error_code: DcsErrors.INTERNAL_ERROR.code,
      error_ext_msg: expect.stringContaining("the sandbox's validating proxy did not answer"),
    });
    expect(prism.seen).toHaveLength(1);
  });
});
