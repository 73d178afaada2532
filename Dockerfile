# syntax=docker/dockerfile:1
# One recipe for every service; pick the app with a build arg:
#   docker build --build-arg APP=intake -t child-protection/intake .
# (docker-compose.yml builds intake, casework and reporting from this file.)
ARG NODE_IMAGE=node:24-bookworm-slim

# ── build: all dependencies, compile TypeScript → dist/ ──
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ── production dependencies only ──
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ── runtime ──
FROM ${NODE_IMAGE} AS runtime
ARG APP
# Entry point of the compiled app; override with --build-arg APP_MAIN=… if the build layout differs.
ARG APP_MAIN=dist/apps/${APP}/src/main.js
ENV NODE_ENV=production \
    APP=${APP} \
    APP_MAIN=${APP_MAIN}
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Fail the build (not the container) when APP is missing or the entry point is not where we expect it.
RUN test -n "$APP" || { echo "build arg APP is required (intake | casework | reporting)" >&2; exit 1; }; \
    test -f "$APP_MAIN" || { echo "$APP_MAIN not found; compiled files:" >&2; find dist -name main.js >&2; exit 1; }
USER node
# exec replaces the shell, so node runs as PID 1 and receives SIGTERM from `docker stop` directly.
CMD ["sh", "-c", "exec node \"$APP_MAIN\""]
