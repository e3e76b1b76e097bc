/**
 * `pnpm bench`: presigned URLs per second for our presigner, botocore's SigV4QueryAuth (the Python SDK's
 * path, timed inside Python) and the official TS SDK's RuntimeClient.generatePresignedUrl, and verifications
 * per second. Same URL for all (AWS endpoint, one extra param, 300 s); before timing, the bench checks that
 * ours and the TS SDK's carry the same path and parameters and both verify. Each side keeps what a real caller
 * keeps (our presigner; the SDK's RuntimeClient, whose API makes a new smithy signer with the pure-JS sha256
 * per call, so there is nothing more to keep) and both sign a different session id each call. The machine is
 * shared, so the measurements are interleaved in short slices over several rounds and the best slice of each
 * is reported.
 */
import { performance } from "node:perf_hooks";
import { RuntimeClient } from "bedrock-agentcore/runtime";
import { createAgentCorePresigner, verifyAgentCoreRequest } from "../src/index.ts";
import { botocoreSign } from "../test-support/botocore.ts";

const KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/bench_agent-0123456789";
const SID = "0f9d2c7e-5b1a-4c1e-9f4e-3a2b1c0d9e8f-benchmark";
const QUERY = { "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level": "full" };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 400);

async function rate(fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const start = performance.now();
  const end = start + SLICE_MS;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
  }
  return n / ((performance.now() - start) / 1000);
}

// A new session per URL, as in use (nothing may be kept per session); made up front so neither side pays.
const SIDS = Array.from({ length: 256 }, (_, i) => `${SID}-${i.toString(16).padStart(2, "0")}`);
let oursCall = 0;
let sdkCall = 0;

const presigner = createAgentCorePresigner({ region: "us-east-1", credentials: KEY });
const input = { runtimeArn: ARN, sessionId: SID, query: QUERY, expiresIn: 300 };
const presignOurs = () =>
  presigner.presignWebSocketUrl({
    runtimeArn: ARN,
    sessionId: SIDS[oursCall++ & 255] as string,
    query: QUERY,
    expiresIn: 300,
  });

// The cheapest credentials provider there is (a real caller's chain is memoised, and slower): no handicap.
const sdk = new RuntimeClient({ region: "us-east-1", credentialsProvider: async () => KEY });
const presignSdk = () =>
  sdk.generatePresignedUrl({
    runtimeArn: ARN,
    sessionId: SIDS[sdkCall++ & 255] as string,
    customHeaders: QUERY,
    expires: 300,
  });

let botoIterations = 500;
const presignBoto = () =>
  botocoreSign(
    [
      {
        form: "query",
        base: "https://bedrock-agentcore.us-east-1.amazonaws.com",
        region: "us-east-1",
        runtimeArn: ARN,
        query: Object.entries(QUERY),
        sessionId: SID,
        expiresIn: 300,
        ...KEY,
        now: "2026-11-21T12:00:00Z",
      },
    ],
    botoIterations,
  ).benchPerSecond ?? 0;

const { url } = await presigner.presignWebSocketUrl(input);
const u = new URL(url);
const request = { method: "GET", url: `${u.pathname}${u.search}`, headers: { host: u.host } };
const verifyOpts = {
  credentials: (id: string) =>
    id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey } : undefined,
  region: "us-east-1",
};
const check = await verifyAgentCoreRequest(request, verifyOpts);
if (!check.ok) throw new Error(`bench URL does not verify: ${check.reason}`);
const verifyOne = () => verifyAgentCoreRequest(request, verifyOpts);

// Fairness: the SDK's URL must be the same request (it orders and escapes its query differently, and its
// clock may be a second on), and must verify too.
const sdkUrl = new URL(
  await sdk.generatePresignedUrl({ runtimeArn: ARN, sessionId: SID, customHeaders: QUERY, expires: 300 }),
);
const sdkCheck = await verifyAgentCoreRequest(
  { method: "GET", url: `${sdkUrl.pathname}${sdkUrl.search}`, headers: { host: sdkUrl.host } },
  verifyOpts,
);
if (!sdkCheck.ok) throw new Error(`the SDK's bench URL does not verify: ${sdkCheck.reason}`);
const comparable = (x: URL) =>
  JSON.stringify([
    x.origin,
    x.pathname,
    [...x.searchParams].filter(([k]) => k !== "X-Amz-Date" && k !== "X-Amz-Signature").sort(),
  ]);
if (comparable(u) !== comparable(sdkUrl)) {
  throw new Error(`ours and the SDK's bench URLs differ:\n${comparable(u)}\n${comparable(sdkUrl)}`);
}

for (let i = 0; i < 2000; i++) {
  await presignOurs();
  await presignSdk();
  await verifyOne();
}
let ours = 0;
let theirs = 0;
let boto = 0;
let verifications = 0;
for (let round = 0; round < ROUNDS; round++) {
  ours = Math.max(ours, await rate(presignOurs));
  theirs = Math.max(theirs, await rate(presignSdk));
  const b = presignBoto();
  boto = Math.max(boto, b);
  botoIterations = Math.max(500, Math.round((b * SLICE_MS) / 1000)); // keep the Python slice about as long
  verifications = Math.max(verifications, await rate(verifyOne));
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `\n@interject/agentcore-sigv4 bench: best of ${ROUNDS} interleaved ${SLICE_MS} ms slices, Node ${process.version}\n`,
);
console.table([
  {
    measurement: "presign: ours (smithy, native sha256, one signer)",
    "per second": fmt(ours),
    "ours is": "-",
  },
  {
    measurement: "presign: botocore SigV4QueryAuth (timed in Python)",
    "per second": fmt(boto),
    "ours is": `${(ours / boto).toFixed(2)}x (target >= 3x)`,
  },
  {
    measurement: "presign: bedrock-agentcore RuntimeClient.generatePresignedUrl",
    "per second": fmt(theirs),
    "ours is": `${(ours / theirs).toFixed(2)}x (target >= 3x)`,
  },
  {
    measurement: "verify: verifyAgentCoreRequest (query form)",
    "per second": fmt(verifications),
    "ours is": "-",
  },
]);
