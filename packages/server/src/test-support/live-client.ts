import { applyContainerDelta, containersFromSnapshot, type ContainerView, type EngineStatus, type ServerMessage } from '@phedds/shared';
import WebSocket from 'ws';

/** A raw websocket client of the live gateway that keeps what a browser store would keep. */
export class LiveClient {
  containers = new Map<string, ContainerView>();
  engine: EngineStatus | undefined;
  readonly engineStates: string[] = [];
  readonly messages: ServerMessage[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const m = JSON.parse(raw.toString('utf8')) as ServerMessage;
      this.messages.push(m);
      if (m.op === 'snapshot' && m.topic === 'containers') this.containers = containersFromSnapshot(m.data);
      if (m.op === 'delta' && m.topic === 'containers') this.containers = applyContainerDelta(this.containers, m.data);
      if (m.op === 'snapshot' && m.topic === 'engine') {
        this.engine = m.data;
        this.engineStates.push(m.data.state);
      }
    });
  }

  /**
   * Opens the live socket as a caller (`headers`: its cookie and origin, see TestCaller) or, with
   * a string, with only that Origin (no session).
   */
  static open(url: string, as?: string | { headers: Record<string, string> }): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, typeof as === 'string' ? { origin: as } : as ? { headers: as.headers } : {});
      const client = new LiveClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  sub(topic: 'containers' | 'engine'): void {
    this.ws.send(JSON.stringify({ op: 'sub', topic }));
  }

  stateOf(name: string): string | undefined {
    for (const c of this.containers.values()) if (c.name === name) return c.state;
    return undefined;
  }

  close(): void {
    this.ws.close();
  }
}
