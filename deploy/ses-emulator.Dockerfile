# The SES emulator for docker compose, installed when the image is built (not fetched at start).
FROM node:22.23.3-bookworm-slim
RUN npm install --global --no-audit --no-fund aws-ses-v2-local@2.10.2 && npm cache clean --force
USER node
EXPOSE 8005
CMD ["aws-ses-v2-local", "--host", "0.0.0.0", "--port", "8005"]
