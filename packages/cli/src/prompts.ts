// What a question before a change to production shows: what exactly will change.

/** What an IP switch will do, shown before it is asked. */
export function switchDetails(source: { id?: string | null; addrs?: string | null } | undefined, target: { id?: string | null } | undefined, body: unknown) {
  const { exchanged_ip: ips, is_exchange_domain: domain } = (body ?? {}) as { exchanged_ip?: string[]; is_exchange_domain?: boolean };
  return [
    `source: ${source?.id ? `DCS instance ${source.id}` : `${source?.addrs ?? "?"} (self-hosted)`}`,
    `target: DCS instance ${target?.id ?? "?"}`,
    `exchanged_ip: ${ips?.length ? ips.join(", ") : "(none)"}`,
    `domain names switched too: ${domain ? "yes" : "no"}`,
  ];
}
