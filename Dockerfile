# One image for every Sluice service; SLUICE_SERVICES picks what a container runs.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save --no-audit --no-fund tsx@4.23.15
EXPOSE 8080
USER node
CMD ["node", "--import", "tsx", "services/gateway/src/main.ts"]
