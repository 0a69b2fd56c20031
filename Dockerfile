# bbb-spaces: build the widget and the server, then run the compiled server with production dependencies only.
#   docker build -t bbb-spaces .
#   docker run -p 8080:8080 --env-file bbb-spaces.env -v bbb-spaces-data:/app/data bbb-spaces
# .ci/docker-build-stage.sh runs the build stage's commands in a scratch copy (CI has no Docker).

# 1. Build: every dependency, then `npm run build` (dist/widget, dist/server, docs/openapi.json).
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY widget/package.json widget/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only (better-sqlite3 is compiled here, where the build tools are).
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY widget/package.json widget/
RUN npm ci --omit=dev --no-audit --no-fund

# 3. Run: the compiled server as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=sqlite:/app/data/bbb-spaces.sqlite
WORKDIR /app
COPY package.json ./
COPY bin bin
COPY widget/package.json widget/
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/server/main.js"]
