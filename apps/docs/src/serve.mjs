// Serves dist/ on 127.0.0.1: what `npm start` and the browser test use. Any static server works
// the same way (the page is one self-contained file); this one only needs Node.
import { access, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../dist/", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".yaml": "text/yaml" };

/** @param {{ port?: number, host?: string }} [options] */
export async function serveDocs({ port = 8080, host = "127.0.0.1" } = {}) {
  const server = createServer(async (req, res) => {
    // A static page: nothing else to do with it, and no reason to answer DELETE or TRACE with it.
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" });
      res.end(`${req.method} is not allowed here: the docs answer GET and HEAD`);
      return;
    }
    let path;
    try {
      // The path as sent ("//" included): a URL parser would read "//x" as a host.
      path = normalize(decodeURIComponent((req.url ?? "/").split(/[?#]/)[0])).replace(/^(\.\.[/\\])+/, "");
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" });
      res.end("a malformed path");
      return;
    }
    const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      // "Build first" only when there is nothing built: otherwise the path is simply not there.
      const built = await access(join(root, "index.html")).then(
        () => true,
        () => false,
      );
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end(built ? `not found: ${path} (the docs are at /)` : `not found: ${path} (build the docs first: npm run build)`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  return {
    url: `http://${host}:${typeof address === "object" && address ? address.port : port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docs = await serveDocs({ port: Number(process.env.PORT ?? 8080) });
  console.log(`API docs: ${docs.url}`);
}
