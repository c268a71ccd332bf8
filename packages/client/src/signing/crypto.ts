/** The two primitives a signature needs; sync on Node, async with WebCrypto. */
export interface SigningCrypto {
  sha256Hex(data: string | Uint8Array): string | Promise<string>;
  hmacSha256Hex(key: string, data: string): string | Promise<string>;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let hex = "";
  for (let i = 0; i < view.length; i++) hex += (view[i] as number).toString(16).padStart(2, "0");
  return hex;
}
