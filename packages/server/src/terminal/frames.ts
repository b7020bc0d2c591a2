import { TerminalChannel, type TerminalControl } from '@phedds/shared';

/** `WebSocket.OPEN`: frames go only to a socket in this state. */
export const SOCKET_OPEN = 1;

const STDOUT = Buffer.from([TerminalChannel.stdout]);
const CONTROL = Buffer.from([TerminalChannel.control]);

/** An output frame: the stdout channel byte, then the chunks; `bytes` is their length when known. */
export function outputFrame(chunks: readonly Buffer[], bytes?: number): Buffer {
  return bytes === undefined ? Buffer.concat([STDOUT, ...chunks]) : Buffer.concat([STDOUT, ...chunks], 1 + bytes);
}

/** A control frame: the control channel byte, then the message as JSON. */
export function controlFrame(msg: TerminalControl): Buffer {
  return Buffer.concat([CONTROL, Buffer.from(JSON.stringify(msg))]);
}
