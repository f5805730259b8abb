-- A sender domain's tracking host (api.md §7): track.<domain> CNAME to the service; verified apart from the domain.
ALTER TABLE domains ADD COLUMN tracking_verified boolean NOT NULL DEFAULT false;
