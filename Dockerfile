# syntax=docker/dockerfile:1
# Build: compile TypeScript to dist/. Run: production dependencies only, as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY views ./views
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY drizzle ./drizzle
COPY static ./static
# PGlite keeps its files here when DATABASE_URL is unset (a single-instance install).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The same command as `npm run serve` (a test keeps them equal). The heap cap makes V8 collect before it
# grows: without it, V8 sizes the heap for the host's RAM and the process idles at twice its live data.
CMD ["node", "--max-old-space-size=256", "dist/src/index.js"]
