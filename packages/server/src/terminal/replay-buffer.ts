/** Output is copied into blocks of this size: tiny chunks then cost no per-chunk overhead. */
const BLOCK = 16 * 1024;

interface Block {
  buf: Buffer;
  start: number;
  end: number;
}

/**
 * The last `capacity` bytes of a session's output, for replay on re-attach. Bytes are copied into
 * fixed blocks (never kept as the caller's chunks, which could pin larger buffers or, for a flood
 * of one-byte reads, cost far more in object overhead than in bytes); the oldest bytes are dropped
 * once the total passes the cap, so a flood costs at most `capacity` plus one block.
 */
export class ReplayBuffer {
  private blocks: Block[] = [];
  private size = 0;

  constructor(readonly capacity: number) {}

  get byteLength(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (data.length > this.capacity) data = data.subarray(data.length - this.capacity);
    let off = 0;
    while (off < data.length) {
      let last = this.blocks.at(-1);
      if (!last || last.end === last.buf.length) {
        last = { buf: Buffer.allocUnsafe(BLOCK), start: 0, end: 0 };
        this.blocks.push(last);
      }
      const n = data.copy(last.buf, last.end, off);
      last.end += n;
      off += n;
      this.size += n;
    }
    while (this.size > this.capacity) {
      const first = this.blocks[0]!;
      const excess = this.size - this.capacity;
      const held = first.end - first.start;
      if (held <= excess) {
        this.blocks.shift();
        this.size -= held;
      } else {
        first.start += excess;
        this.size -= excess;
      }
    }
  }

  /**
   * Everything kept, oldest first. A cut can fall inside a UTF-8 character: its orphaned
   * continuation bytes are skipped so the replay does not start with a replacement glyph.
   */
  contents(): Buffer {
    const all = Buffer.concat(
      this.blocks.map((b) => b.buf.subarray(b.start, b.end)),
      this.size,
    );
    let start = 0;
    while (start < all.length && start < 3 && (all[start]! & 0xc0) === 0x80) start++;
    return start ? all.subarray(start) : all;
  }

  clear(): void {
    this.blocks = [];
    this.size = 0;
  }
}
