# syntax=docker/dockerfile:1
# Multi-stage build: install with dev dependencies, build, prune to production dependencies, then a small non-root
# runtime. In containers the service expects DATABASE_URL (see docker-compose.yml); the embedded PostgreSQL is for
# laptops and tests.
# Node 24, the current LTS (Node 20 reached its end of life on 2026-04-30; package.json still allows >= 20.19, and CI
# runs the suite under both the machine's Node and Node 24).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
# Only what runs: compiled code, production node_modules, package.json (for npm scripts and metadata).
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
# Prometheus metrics stay off unless METRICS_PORT is set (e.g. METRICS_PORT=9464 METRICS_HOST=0.0.0.0, port published
# to the monitoring network only): see README "Metrics, traces and supported Node versions".
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "require('http').get('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
# Same V8 flag as `npm start`: a smaller young generation keeps the peak RSS under 300 MB (bench/results/latest.md).
CMD ["node", "--max-semi-space-size=4", "dist/src/main.js"]
