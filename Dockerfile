# syntax=docker/dockerfile:1

# Build stage: compile TypeScript and the native addons (better-sqlite3, nebula-nodejs).
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: Node 20, no compilers, not root.
FROM node:20-bookworm-slim
# Heap limits measured with `npm run bench` (peak RSS ~160 MB tracking 100,000 jobs): raise
# --max-old-space-size for clusters with several hundred thousand unexpired jobs.
ENV NODE_ENV=production \
    DATABASE_PATH=/data/nebula-jobs.db \
    PORT=3000 \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=128"
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM directly, so the bot shuts down cleanly.
ENTRYPOINT ["node", "dist/main.js"]
