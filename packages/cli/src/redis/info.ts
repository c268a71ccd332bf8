// What a server says of itself (INFO), read into numbers: its version, its keyspace per database,
// its memory and its replication.

/** `INFO`'s `field:value` lines, every section together. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0 && !line.startsWith("#")) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

export interface DatabaseKeys {
  keys: number;
  expires: number;
}

/** `db3:keys=12,expires=1,avg_ttl=0` for each database that holds keys. */
export function keyspace(info: Map<string, string>): Map<number, DatabaseKeys> {
  const found = new Map<number, DatabaseKeys>();
  for (const [name, value] of info) {
    const db = /^db(\d+)$/.exec(name);
    if (!db) continue;
    const numbers = Object.fromEntries(value.split(",").map((pair) => pair.split("=") as [string, string]));
    found.set(Number(db[1]), { keys: Number(numbers.keys ?? 0), expires: Number(numbers.expires ?? 0) });
  }
  return found;
}

/** `7.0.15` as [7, 0, 15]; a missing part is 0. */
export function version(text: string | undefined): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = (text ?? "").split(".").map((n) => Number.parseInt(n, 10) || 0);
  return [major, minor, patch];
}

export const compareVersions = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

export const number = (info: Map<string, string>, name: string): number | undefined => {
  const value = info.get(name);
  return value === undefined || value === "" ? undefined : Number(value);
};

/** 1536 as "1.5 KiB": the sizes a person reads in a check. */
export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
