-- Cairn's audit log of user and permission changes, beside MLflow's auth tables (MLflow ignores tables it does not
-- know). Created if missing whenever the auth schema is at MLflow's head, so a database MLflow made gets it too.
-- Every object's name starts with cairn_ so that it is told apart from MLflow's.
CREATE TABLE IF NOT EXISTS cairn_auth_audit (
	id INTEGER NOT NULL,
	timestamp BIGINT NOT NULL,
	actor VARCHAR(255) NOT NULL,
	action VARCHAR(64) NOT NULL,
	target_user VARCHAR(255),
	role_id INTEGER,
	resource_type VARCHAR(64),
	resource_id VARCHAR(255),
	permission VARCHAR(32),
	detail VARCHAR(1024),
	CONSTRAINT cairn_auth_audit_pk PRIMARY KEY (id)
);
