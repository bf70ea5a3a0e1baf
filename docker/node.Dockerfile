# The Handoff services, run from source the way `npm run` runs them locally (swc, no build step).
FROM node:20-bookworm-slim

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .

CMD ["npm", "run", "demo"]
