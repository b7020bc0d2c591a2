import { decodeFrame, TerminalChannel, type TerminalControl } from '@phedds/shared';
import { useEffect, useRef, useState } from 'react';
import { newTerminal, openUnderStrictCsp } from '../panes/ShellPane/xterm-setup.ts';
import { socketUrl } from '../api/socket-url.ts';

/** `/api/terminals/:id/watch` on the page's own origin. */
export function watchUrl(loc: Pick<Location, 'protocol' | 'host'>, id: string): string {
  return socketUrl(loc, `/api/terminals/${encodeURIComponent(id)}/watch`);
}

/**
 * A read-only terminal: the presenter's output as it comes, drawn by xterm.js with input turned
 * off (the server ignores anything a mirror socket sends anyway). It follows its box's size
 * without telling the server: the presenter's terminal keeps its own size.
 */
export default function MirrorTerminal({ id }: { id: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'connecting' | 'open' | 'ended'>('connecting');
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const { term, fit } = newTerminal();
    term.options.disableStdin = true;
    openUnderStrictCsp(term, host);
    const fitNow = (): void => {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    };
    fitNow();
    const observer = new ResizeObserver(fitNow);
    observer.observe(host);
    const ws = new WebSocket(watchUrl(window.location, id));
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => setState('open');
    ws.onmessage = (ev) => {
      const f = decodeFrame(new Uint8Array(ev.data as ArrayBuffer));
      if (!f) return;
      if (f.channel === TerminalChannel.control) {
        const c = JSON.parse(new TextDecoder().decode(f.payload)) as TerminalControl;
        if (c.type === 'exit') term.write('\r\n\x1b[2m[the presenter’s session ended]\x1b[0m\r\n');
      } else term.write(f.payload);
    };
    ws.onclose = () => setState('ended');
    return () => {
      observer.disconnect();
      ws.onclose = null;
      ws.close();
      term.dispose();
    };
  }, [id]);
  return <div ref={hostRef} className="term-host mirror-host" data-testid="mirror-terminal" data-session-id={id} data-state={state} />;
}
