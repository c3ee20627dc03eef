import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/** The page's files: plain HTML, CSS and JS, served from this folder (copied to dist/ by the build). */
const PAGE_DIR = join(__dirname, 'page');

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/playground.css': { file: 'playground.css', type: 'text/css; charset=utf-8' },
  '/assets/playground.js': { file: 'playground.js', type: 'text/javascript; charset=utf-8' },
  '/assets/local-dates.js': { file: 'local-dates.js', type: 'text/javascript; charset=utf-8' },
  '/assets/drawing.js': { file: 'drawing.js', type: 'text/javascript; charset=utf-8' },
};

/** Serves a known asset; false when the path names none. */
export async function serveAsset(path: string, res: ServerResponse): Promise<boolean> {
  if (path === '/favicon.ico') {
    res.writeHead(204).end(); // no icon, and no 404 in the browser's console
    return true;
  }
  const asset = ASSETS[path];
  if (!asset) return false;
  const content = await readFile(join(PAGE_DIR, asset.file));
  res.writeHead(200, {
    'Content-Type': asset.type,
    'Cache-Control': 'no-store',
    // Nothing from the internet: the page loads only its own files and talks only to this server.
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(content);
  return true;
}
