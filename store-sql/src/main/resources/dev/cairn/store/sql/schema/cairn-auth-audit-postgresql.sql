-- Cairn's audit log of user and permission changes, beside MLflow's auth tables (MLflow ignores tables it does not
-- know). Created if missing whenever the auth schema is at MLflow's head, so a database MLflow made gets it too.
-- Every object's name starts with cairn_ so that it is told apart from MLflow's.
CREATE TABLE IF NOT EXISTS cairn_auth_audit (
    id bigserial NOT NULL,
    timestamp bigint NOT NULL,
    actor character varying(255) NOT NULL,
    action character varying(64) NOT NULL,
    target_user character varying(255),
    role_id integer,
    resource_type character varying(64),
    resource_id character varying(255),
    permission character varying(32),
    detail character varying(1024),
    CONSTRAINT cairn_auth_audit_pk PRIMARY KEY (id)
);
