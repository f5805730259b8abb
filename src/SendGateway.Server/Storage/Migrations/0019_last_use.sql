-- When each API key and SMTP credential was last used (the panel's Keys and SMTP pages, GET /v1/api-keys and
-- /v1/smtp-credentials): noted in memory on authentication and written in rounds (LastUseFlusher), so it lags.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
ALTER TABLE smtp_credentials ADD COLUMN last_used_at timestamptz;
