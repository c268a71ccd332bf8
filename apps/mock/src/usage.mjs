/** What to tell a person who just started the mock. */
export function mockUsage(url) {
  return [
    `Prism mock of the DCS migration API: ${url}`,
    `  try: curl -H "X-Auth-Token: any" ${url}/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/migration-task/a276c1ffa0a54c2597fc824b917db317`,
    `  pick a status:  -H "Prefer: code=400"`,
    `  pick an example: -H "Prefer: example=ShowMigrationTaskIncremental"`,
    `  requests are validated; problems are listed in the sl-violations response header`,
  ].join("\n");
}
