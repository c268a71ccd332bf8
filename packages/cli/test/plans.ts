// The plans the tests share.

/**
 * An online migration plan: the create section (named `name`), then `configure` (its lines, indented
 * as they stand under it) and whatever follows (a switch_ip, a redis: section).
 */
export const onlinePlan = (configure: string, { name = "cache-to-dcs", after = "" } = {}) => `version: 1
online_migration:
  create:
    name: ${name}
    vpc_id: 5e37b3be-950a-48e1-b498-65b63d336481
    subnet_id: 40f15ed6-7f85-49d5-ba0e-65b940d4812c
    security_group_id: 9df96622-24b7-4813-84b8-ab74552a21d7
  configure:
${configure}${after}`;

/** A good plan: an online migration with an IP switch, its passwords from the environment. */
export const GOOD = onlinePlan(
  `    migration_method: incremental_migration
    resume_mode: auto
    source_instance: { id: a9c7f3f0-1f0e-4b8f-9d65-3d1c0b0f8a11, password: "\${SOURCE_REDIS_PASSWORD}" }
    target_instance: { id: cf4a05df-1c38-47c5-bb5a-0a7b3673b3bd, password: "\${TARGET_REDIS_PASSWORD}" }
`,
  {
    after: `  switch_ip:
    exchanged_ip: ["192.168.0.153"]
    is_exchange_domain: false
`,
  },
);
