import { serve } from "std/http/server.ts";

const ALLOWED = new Set(["GET", "HEAD"]);

serve((request: Request): Response => {
  if (!ALLOWED.has(request.method)) {
    return new Response("method not allowed", { status: 405 });
  }
  const { pathname } = new URL(request.url);
  return Response.json({ path: pathname, region: Deno.env.get("DENO_REGION") ?? "local" });
});
