/** The floor for the bench: a raw `ws` server that echoes every text frame, on PORT. */
import { WebSocketServer } from "ws";

const port = Number(process.env.PORT ?? 0);
const wss = new WebSocketServer({ port, host: "127.0.0.1", perMessageDeflate: false, maxPayload: 64 * 1024 });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on("listening", () => console.log("listening"));
