/** graphd addresses as people write them: `host:port`, comma-separated, `[::1]:9669` for IPv6. */
const endpoint = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+)):([0-9]{1,5})$/;

export interface NebulaServer {
  host: string;
  port: number;
}

export function parseServers(text: string): NebulaServer[] | null {
  const parts = text.split(',').map((part) => part.trim());
  const servers: NebulaServer[] = [];
  for (const part of parts) {
    const match = endpoint.exec(part);
    const port = match ? Number(match[3]) : 0;
    if (!match || port < 1 || port > 65535) return null;
    servers.push({ host: match[1] ?? match[2], port });
  }
  return servers.length > 0 ? servers : null;
}
