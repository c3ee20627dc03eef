import { createServer, type Server, type Socket } from 'node:net';
import { type Table, writeTable } from './table';
import { BinaryReader, BinaryWriter, MessageType, TType } from './thrift-binary';

export interface AuthReply {
  code: number;
  message: string | null;
  sessionId: number;
}

export interface ExecuteReply {
  code: number;
  message: string | null;
  table: Table | null;
  spaceName: string;
  latencyUs: number;
}

/** What the fake does with each GraphService call; a null reply is never sent (a hung request). */
export interface GraphService {
  authenticate(user: string, password: string, peer: string): Promise<AuthReply>;
  signout(sessionId: number): void;
  execute(sessionId: number, statement: string, peer: string): Promise<ExecuteReply | null>;
}

function authResponse(writer: BinaryWriter, reply: AuthReply): void {
  writer.field(TType.I32, 1).i32(reply.code);
  if (reply.message !== null) writer.field(TType.STRING, 2).string(reply.message);
  if (reply.code === 0) {
    writer.field(TType.I64, 3).i64(reply.sessionId);
    writer.field(TType.I32, 4).i32(0);
    writer.field(TType.STRING, 5).string('UTC');
  }
  writer.stop();
}

function executionResponse(writer: BinaryWriter, reply: ExecuteReply): void {
  writer.field(TType.I32, 1).i32(reply.code);
  writer.field(TType.I64, 2).i64(reply.latencyUs);
  if (reply.table) {
    writer.field(TType.STRUCT, 3);
    writeTable(writer, reply.table);
  }
  writer.field(TType.STRING, 4).string(reply.spaceName);
  if (reply.message !== null) writer.field(TType.STRING, 5).string(reply.message);
  writer.stop();
}

/** A reply message: `result { 0: success }` after the header. */
function reply(name: string, seqId: number, writeSuccess: (writer: BinaryWriter) => void): Buffer {
  const writer = new BinaryWriter().messageHeader(name, MessageType.REPLY, seqId).field(TType.STRUCT, 0);
  writeSuccess(writer);
  return writer.stop().toBuffer();
}

function applicationException(name: string, seqId: number, message: string): Buffer {
  return new BinaryWriter()
    .messageHeader(name, MessageType.EXCEPTION, seqId)
    .field(TType.STRING, 1)
    .string(message)
    .field(TType.I32, 2)
    .i32(1) // UNKNOWN_METHOD
    .stop()
    .toBuffer();
}

function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(message.length);
  return Buffer.concat([length, message]);
}

/** GraphService over framed transport + strict binary protocol, one TCP connection per client slot. */
export class WireServer {
  private server: Server | null = null;
  readonly sockets = new Set<Socket>();

  constructor(
    private readonly service: GraphService,
    private readonly onConnectionChange: (open: number) => void = () => undefined,
  ) {}

  async listen(port: number, host: string): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Stops listening and cuts every connection: "graphd is down". */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    this.onConnectionChange(this.sockets.size);
    socket.setNoDelay(true);
    const peer = socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    let pending = Buffer.alloc(0);
    socket.on('data', (data) => {
      pending = pending.length ? Buffer.concat([pending, data]) : data;
      while (pending.length >= 4) {
        const length = pending.readInt32BE(0);
        if (pending.length < 4 + length) break;
        const message = pending.subarray(4, 4 + length);
        pending = pending.subarray(4 + length);
        void this.dispatch(message, socket, peer);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.onConnectionChange(this.sockets.size);
    });
  }

  private async dispatch(message: Buffer, socket: Socket, peer: string): Promise<void> {
    const reader = new BinaryReader(message);
    const header = reader.messageHeader();
    const send = (buffer: Buffer): void => {
      if (!socket.destroyed) socket.write(frame(buffer));
    };
    switch (header.name) {
      case 'authenticate': {
        let user = '';
        let password = '';
        reader.struct((type, id) => {
          if (type !== TType.STRING) return false;
          if (id === 1) user = reader.string();
          else if (id === 2) password = reader.string();
          else return false;
          return true;
        });
        const result = await this.service.authenticate(user, password, peer);
        send(reply('authenticate', header.seqId, (w) => authResponse(w, result)));
        return;
      }
      case 'signout': {
        let sessionId = 0;
        reader.struct((type, id) => (type === TType.I64 && id === 1 ? ((sessionId = Number(reader.i64())), true) : false));
        this.service.signout(sessionId);
        return;
      }
      case 'execute': {
        let sessionId = 0;
        let statement = '';
        reader.struct((type, id) => {
          if (id === 1 && type === TType.I64) sessionId = Number(reader.i64());
          else if (id === 2 && type === TType.STRING) statement = reader.string();
          else return false;
          return true;
        });
        const result = await this.service.execute(sessionId, statement, peer);
        if (result) send(reply('execute', header.seqId, (w) => executionResponse(w, result)));
        return;
      }
      case 'verifyClientVersion':
        send(reply('verifyClientVersion', header.seqId, (w) => w.field(TType.I32, 1).i32(0).stop()));
        return;
      default:
        if (header.type === MessageType.CALL) send(applicationException(header.name, header.seqId, `Method not supported by the fake graphd: ${header.name}`));
    }
  }
}
