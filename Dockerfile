# syntax=docker/dockerfile:1
# Misprint: one Node process serving the widget, the dashboard, the API and the demo page.
# Build: docker build -t misprint .   Run: see docker-compose.yml (PostgreSQL) or README.md.

ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: every dependency, compile the server, bundle the widget and the dashboard ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped here because `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

# --- runtime: production dependencies, the build output and the CLI only ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8787 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
# No dev dependencies, so no `prepare` build: its output is copied from the build stage.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# The embedded database (used when DATABASE_URL is unset) lives in DATA_DIR, writable by `node`;
# mount a volume there to keep it (no VOLUME here, which would litter PostgreSQL setups with
# anonymous volumes).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/misprint.js", "serve"]
