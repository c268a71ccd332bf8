// Test data of every type Redis has, and plans that point check and verify at test servers.
import { onlinePlan } from "./plans.js";
import type { TestRedis } from "./redis-servers.js";

type Client = TestRedis["client"];

/** `n` keys of mixed types (strings, hashes, lists, sets, sorted sets, streams), a tenth with a TTL. */
export async function loadMixed(client: Client, n: number, prefix = "k"): Promise<void> {
  const chunk = 500;
  for (let start = 0; start < n; start += chunk) {
    const sends: Array<Promise<unknown>> = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      const key = `${prefix}:${i}`;
      switch (i % 6) {
        case 0:
          sends.push(client.sendCommand(["SET", key, `value-${i}`]));
          break;
        case 1:
          sends.push(client.sendCommand(["HSET", key, "a", String(i), "b", `x${i}`, "c", "3"]));
          break;
        case 2:
          sends.push(client.sendCommand(["RPUSH", key, "1", "2", String(i)]));
          break;
        case 3:
          sends.push(client.sendCommand(["SADD", key, "m1", "m2", `m${i}`]));
          break;
        case 4:
          sends.push(client.sendCommand(["ZADD", key, "1", "a", "2.5", "b", String(i), "c"]));
          break;
        default:
          sends.push(client.sendCommand(["XADD", key, "1-1", "f", String(i)]), client.sendCommand(["XADD", key, "2-1", "g", "v"]));
      }
      if (i % 10 === 0) sends.push(client.sendCommand(["PEXPIRE", key, "3600000"]));
    }
    await Promise.all(sends);
  }
}

/** A plan of an online migration whose redis: section names these servers (extra YAML lines may follow). */
export function redisPlan(source: string, target: string, method = "full_amount_migration"): string {
  return onlinePlan(
    `    migration_method: ${method}
    resume_mode: auto
    source_instance: { id: a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11, password: "\${SOURCE_REDIS_PASSWORD}" }
    target_instance: { id: cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd, password: "\${TARGET_REDIS_PASSWORD}" }
`,
    { after: `redis:\n  source: "${source}"\n  target: "${target}"\n` },
  );
}
