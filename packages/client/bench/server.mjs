// A fixed JSON answer on 127.0.0.1, in its own process so it does not share the event loop with
// the client being measured. Prints its port, exits when its parent does.
import { createServer } from "node:http";

const body = JSON.stringify({
  task_id: "a276c1ffa0a54c2597fc824b917db317",
  task_name: "migration1",
  status: "MIGRATING",
  migration_type: "online_migration",
  migration_method: "incremental_migration",
  network_type: "vpc",
  source_instance: { addrs: "192.168.1.2:6379" },
  target_instance: { id: "86157b69-8a62-47f9-8c55-fa6ddc8927ee" },
  created_at: "2019/10/22 14:44:30",
});
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "X-Request-Id": "454d689fa69847610b3ca486458fb08b" });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.(/** @type {import("node:net").AddressInfo} */ (server.address()).port));
process.on("disconnect", () => process.exit(0));
