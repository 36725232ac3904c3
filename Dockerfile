# One image for every Sluice service; SLUICE_SERVICES picks what a container runs.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY scripts ./scripts
# esbuild (a dev dependency) bundles the gateway; the dev dependencies are pruned afterwards.
RUN npm ci --include=dev --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund
EXPOSE 8080
USER node
CMD ["sh", "scripts/start-gateway.sh"]
