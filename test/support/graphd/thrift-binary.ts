/**
 * Thrift's strict binary protocol, written independently of the client's own thrift copy so the
 * fake checks the client rather than mirroring it.
 */
export const TType = { STOP: 0, BOOL: 2, BYTE: 3, DOUBLE: 4, I16: 6, I32: 8, I64: 10, STRING: 11, STRUCT: 12, MAP: 13, SET: 14, LIST: 15 } as const;
export const MessageType = { CALL: 1, REPLY: 2, EXCEPTION: 3, ONEWAY: 4 } as const;
const VERSION_1 = 0x80010000;

export class BinaryWriter {
  private chunks: Buffer[] = [];

  private push(buffer: Buffer): this {
    this.chunks.push(buffer);
    return this;
  }

  byte(value: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(value);
    return this.push(b);
  }

  i16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.push(b);
  }

  i32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.push(b);
  }

  i64(value: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    return this.push(b);
  }

  string(value: string | Buffer): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return this.i32(bytes.length).push(bytes);
  }

  field(type: number, id: number): this {
    return this.byte(type).i16(id);
  }

  stop(): this {
    return this.byte(TType.STOP);
  }

  listHeader(elementType: number, size: number): this {
    return this.byte(elementType).i32(size);
  }

  messageHeader(name: string, type: number, seqId: number): this {
    return this.i32(VERSION_1 | type)
      .string(name)
      .i32(seqId);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export class BinaryReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  byte(): number {
    const v = this.buffer.readInt8(this.offset);
    this.offset += 1;
    return v;
  }

  i16(): number {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  i32(): number {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  i64(): bigint {
    const v = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  double(): number {
    const v = this.buffer.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  binary(): Buffer {
    const length = this.i32();
    const v = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return v;
  }

  string(): string {
    return this.binary().toString('utf8');
  }

  messageHeader(): { name: string; type: number; seqId: number } {
    const word = this.i32();
    if ((word & 0xffff0000) !== (VERSION_1 | 0)) throw new Error(`not a strict binary message (0x${(word >>> 0).toString(16)})`);
    return { type: word & 0xff, name: this.string(), seqId: this.i32() };
  }

  /** Reads a struct, calling `onField` for each field; fields it returns false for are skipped. */
  struct(onField: (type: number, id: number) => boolean): void {
    for (;;) {
      const type = this.byte();
      if (type === TType.STOP) return;
      const id = this.i16();
      if (!onField(type, id)) this.skip(type);
    }
  }

  skip(type: number): void {
    switch (type) {
      case TType.BOOL:
      case TType.BYTE:
        this.offset += 1;
        return;
      case TType.I16:
        this.offset += 2;
        return;
      case TType.I32:
        this.offset += 4;
        return;
      case TType.I64:
      case TType.DOUBLE:
        this.offset += 8;
        return;
      case TType.STRING:
        this.binary();
        return;
      case TType.STRUCT:
        this.struct(() => false);
        return;
      case TType.MAP: {
        const keyType = this.byte();
        const valueType = this.byte();
        const size = this.i32();
        for (let i = 0; i < size; i += 1) {
          this.skip(keyType);
          this.skip(valueType);
        }
        return;
      }
      case TType.SET:
      case TType.LIST: {
        const elementType = this.byte();
        const size = this.i32();
        for (let i = 0; i < size; i += 1) this.skip(elementType);
        return;
      }
      default:
        throw new Error(`cannot skip thrift type ${type}`);
    }
  }
}
