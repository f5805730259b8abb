-- Opens and clicks (api.md §7): the followed URL, the machine verdict and the coarse client; the User-Agent only
-- where a tenant opted in. All nullable: other events leave them empty.
ALTER TABLE events ADD COLUMN url text, ADD COLUMN user_agent text, ADD COLUMN machine boolean, ADD COLUMN machine_reason text, ADD COLUMN client jsonb;
