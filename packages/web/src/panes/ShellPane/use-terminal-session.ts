import { useEffect, useRef, type RefObject } from 'react';
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { TerminalSocket } from '../../api/terminal.ts';
import { rememberTerminalSize, updateTab, type TabStatus } from '../../stores/terminals.ts';
import { OutputWriter } from './output-writer.ts';
import { installClipboard, newTerminal, openUnderStrictCsp } from './xterm-setup.ts';

/** Resize bursts (dragging a window edge) become one fit and one resize frame. */
const FIT_DEBOUNCE_MS = 50;

const DIM = '\x1b[0;2m';
const RED = '\x1b[0;31m';
const RESET = '\x1b[0m';

interface Live {
  term: Terminal;
  fit: FitAddon;
  writer: OutputWriter;
}

/** Fits when the element is shown and has a size; a hidden tab keeps its size until shown again. */
function fitIfVisible(host: HTMLElement, fit: FitAddon): void {
  if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
}

/**
 * Runs one tab's terminal: an xterm.js instance in `hostRef`, attached to `sessionId` through its
 * own socket, following the element's size. The tab's status in the store follows the socket.
 * Until `sessionId` is known (the server is still starting the session) nothing is mounted.
 */
export function useTerminalSession(
  hostRef: RefObject<HTMLDivElement | null>,
  tabKey: string,
  sessionId: string | undefined,
  active: boolean,
): void {
  const live = useRef<Live | undefined>(undefined);

  useEffect(() => {
    const host = hostRef.current;
    if (!host || !sessionId) return;
    const { term, fit } = newTerminal();
    openUnderStrictCsp(term, host);
    const writer = new OutputWriter((data, done) => term.write(data, done));
    live.current = { term, fit, writer };
    host.dataset.skippedBytes = '0';

    let status: TabStatus = 'connecting';
    const setStatus = (next: TabStatus, message?: string): void => {
      // A session that is over keeps saying how it ended.
      if (status === 'exited' || status === 'ended' || status === 'failed') return;
      status = next;
      updateTab(tabKey, message === undefined ? { status } : { status, message });
    };

    let skipped = 0;
    const socket = new TerminalSocket({
      id: sessionId,
      handlers: {
        // Full reset, in order with the output already queued: the replay then draws the screen
        // once instead of after what is already there.
        attached: () => writer.note('\x1bc'),
        output: (data, done) => {
          writer.output(data, done);
          if (writer.skippedTotal !== skipped) host.dataset.skippedBytes = String((skipped = writer.skippedTotal));
        },
        state: (s) => {
          if (s === 'open') setStatus('open');
          else if (s === 'reconnecting') setStatus('reconnecting');
        },
        exit: (code, signal) => {
          const how = signal ? `was stopped by ${signal}` : code === null ? 'ended' : `exited with code ${code}`;
          writer.note(`\r\n${DIM}[The process ${how}. Close this tab, or open a new one.]${RESET}\r\n`);
          setStatus('exited', `The process ${how}.`);
        },
        failed: (message, code) => {
          writer.note(`\r\n${RED}${message}${RESET}\r\n`);
          setStatus(code === 'gone' ? 'ended' : 'failed', message);
        },
      },
    });

    const subs = [
      term.onData((data) => socket.input(data)),
      term.onBinary((data) => socket.input(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff))),
      term.onResize(({ cols, rows }) => {
        socket.resize(cols, rows);
        rememberTerminalSize(cols, rows);
      }),
    ];
    const removeClipboard = installClipboard(term, host);

    fitIfVisible(host, fit);
    socket.resize(term.cols, term.rows);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => fitIfVisible(host, fit), FIT_DEBOUNCE_MS);
    });
    observer.observe(host);

    return () => {
      clearTimeout(timer);
      observer.disconnect();
      removeClipboard();
      for (const s of subs) s.dispose();
      socket.close();
      live.current = undefined;
      term.dispose();
    };
  }, [hostRef, tabKey, sessionId]);

  // A tab shown again fits its (possibly changed) area and takes the keyboard.
  useEffect(() => {
    const l = live.current;
    const host = hostRef.current;
    if (!active || !l || !host) return;
    fitIfVisible(host, l.fit);
    l.term.focus();
  }, [active, hostRef, sessionId]);
}
