import { Code, Errors, GraphError } from './graph-error';

export type Role = 'GOD' | 'ADMIN' | 'DBA' | 'USER' | 'GUEST';

export interface Session {
  id: number;
  user: string;
  ip: string;
  space: string | null;
}

/**
 * Users, roles and sessions. With `authorize` off (graphd's default) any name and password log
 * in and nothing is permission-checked; with it on, graphd's PermissionCheck rules apply.
 */
export class Sessions {
  readonly users = new Map<string, string>([['root', 'nebula']]);
  readonly roles = new Map<string, Role>(); // `${user}\u0000${space}` → role
  private readonly live = new Map<number, Session>();
  private lastId = 0;
  authorize = false;
  maxPerIpPerUser = 300;

  login(user: string, password: string, ip: string): Session {
    if (this.authorize) {
      const expected = this.users.get(user);
      if (expected === undefined) throw new GraphError(Code.badUsernamePassword, 'User not exist');
      if (expected !== password) throw new GraphError(Code.badUsernamePassword, 'Invalid password');
    }
    const count = [...this.live.values()].filter((s) => s.user === user && s.ip === ip).length;
    if (count >= this.maxPerIpPerUser) throw Errors.tooManySessions(ip, user, this.maxPerIpPerUser);
    // graphd's session ids are creation times in microseconds.
    this.lastId = Math.max(this.lastId + 1, Date.now() * 1000);
    const session: Session = { id: this.lastId, user, ip, space: null };
    this.live.set(session.id, session);
    return session;
  }

  find(id: number): Session {
    if (id === 0) throw Errors.invalidSessionId();
    const session = this.live.get(id);
    if (!session) throw Errors.sessionNotFound(id);
    return session;
  }

  signout(id: number): boolean {
    return this.live.delete(id);
  }

  killAll(): void {
    this.live.clear();
  }

  count(): number {
    return this.live.size;
  }

  isGod(user: string): boolean {
    return user === 'root' || [...this.roles.entries()].some(([key, role]) => key.startsWith(`${user}\u0000`) && role === 'GOD');
  }

  roleIn(user: string, space: string): Role | null {
    if (this.isGod(user)) return 'GOD';
    return this.roles.get(`${user}\u0000${space}`) ?? null;
  }

  canRead(user: string, space: string): boolean {
    return !this.authorize || this.roleIn(user, space) !== null;
  }

  canWriteData(user: string, space: string): boolean {
    if (!this.authorize) return true;
    const role = this.roleIn(user, space);
    return role !== null && role !== 'GUEST';
  }

  canWriteSpace(user: string): boolean {
    return !this.authorize || this.isGod(user);
  }
}
