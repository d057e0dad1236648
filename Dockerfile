# The hub's image for real deployments (docker-compose.yml): API, worker and CLIs from one build, on Node 22 LTS
# (the code also runs on the Node 20 of the development machines). Neither the embedded PostgreSQL (a
# devDependency, loaded only when no DATABASE_URL is set) nor the benchmarks reach the production image.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# bench/ is not copied: tsconfig.build.json's "bench" then matches nothing.
RUN npx tsc -p tsconfig.build.json
# The web console is bundled here, where esbuild (a devDependency) is installed; the image gets only dist/console.
COPY console ./console
COPY scripts/build-console.mjs ./scripts/
RUN node scripts/build-console.mjs

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/migrations ./dist/migrations
COPY --from=build /app/dist/console ./dist/console
COPY package.json schema.graphql ./
USER node
EXPOSE 4000 9464
CMD ["node", "dist/src/main.js"]
