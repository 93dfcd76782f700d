-- MLflow's PostgreSQL auth schema (basic-auth app) at auth alembic head f1a2b3c4d5e6 (mlflow 3.17.2): the
-- schema-only dump (pg_dump -s -O -x) of a database initialised by MLflow's own auth SqlAlchemyStore.init_db, without
-- session settings, comments and the "public." qualifier (tables go to the connection's search_path, as MLflow's do).
-- The id sequences and their defaults are what SQLAlchemy's SERIAL columns leave. Statements run in order in one
-- transaction.

CREATE TABLE alembic_version_auth (
    version_num character varying(32) NOT NULL
);

CREATE TABLE experiment_permissions (
    id integer NOT NULL,
    experiment_id character varying(255) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(255)
);

CREATE SEQUENCE experiment_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE experiment_permissions_id_seq OWNED BY experiment_permissions.id;

CREATE TABLE gateway_endpoint_permissions (
    id integer NOT NULL,
    endpoint_id character varying(255) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(255)
);

CREATE SEQUENCE gateway_endpoint_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE gateway_endpoint_permissions_id_seq OWNED BY gateway_endpoint_permissions.id;

CREATE TABLE gateway_model_definition_permissions (
    id integer NOT NULL,
    model_definition_id character varying(255) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(255)
);

CREATE SEQUENCE gateway_model_definition_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE gateway_model_definition_permissions_id_seq OWNED BY gateway_model_definition_permissions.id;

CREATE TABLE gateway_secret_permissions (
    id integer NOT NULL,
    secret_id character varying(255) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(255)
);

CREATE SEQUENCE gateway_secret_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE gateway_secret_permissions_id_seq OWNED BY gateway_secret_permissions.id;

CREATE TABLE registered_model_permissions (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(255),
    workspace character varying(63) DEFAULT 'default'::character varying NOT NULL
);

CREATE SEQUENCE registered_model_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE registered_model_permissions_id_seq OWNED BY registered_model_permissions.id;

CREATE TABLE role_permissions (
    id integer NOT NULL,
    role_id integer NOT NULL,
    resource_type character varying(64) NOT NULL,
    resource_pattern character varying(255) NOT NULL,
    permission character varying(255) NOT NULL
);

CREATE SEQUENCE role_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE role_permissions_id_seq OWNED BY role_permissions.id;

CREATE TABLE roles (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    workspace character varying(63) NOT NULL,
    description character varying(1024)
);

CREATE SEQUENCE roles_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE roles_id_seq OWNED BY roles.id;

CREATE TABLE scorer_permissions (
    id integer NOT NULL,
    experiment_id character varying(255) NOT NULL,
    scorer_name character varying(256) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(255)
);

CREATE SEQUENCE scorer_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE scorer_permissions_id_seq OWNED BY scorer_permissions.id;

CREATE TABLE user_role_assignments (
    id integer NOT NULL,
    user_id integer NOT NULL,
    role_id integer NOT NULL
);

CREATE SEQUENCE user_role_assignments_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE user_role_assignments_id_seq OWNED BY user_role_assignments.id;

CREATE TABLE users (
    id integer NOT NULL,
    username character varying(255),
    password_hash character varying(255),
    is_admin boolean
);

CREATE SEQUENCE users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE users_id_seq OWNED BY users.id;

CREATE TABLE workspace_permissions (
    workspace character varying(63) NOT NULL,
    user_id integer NOT NULL,
    permission character varying(32) NOT NULL
);

ALTER TABLE ONLY experiment_permissions ALTER COLUMN id SET DEFAULT nextval('experiment_permissions_id_seq'::regclass);

ALTER TABLE ONLY gateway_endpoint_permissions ALTER COLUMN id SET DEFAULT nextval('gateway_endpoint_permissions_id_seq'::regclass);

ALTER TABLE ONLY gateway_model_definition_permissions ALTER COLUMN id SET DEFAULT nextval('gateway_model_definition_permissions_id_seq'::regclass);

ALTER TABLE ONLY gateway_secret_permissions ALTER COLUMN id SET DEFAULT nextval('gateway_secret_permissions_id_seq'::regclass);

ALTER TABLE ONLY registered_model_permissions ALTER COLUMN id SET DEFAULT nextval('registered_model_permissions_id_seq'::regclass);

ALTER TABLE ONLY role_permissions ALTER COLUMN id SET DEFAULT nextval('role_permissions_id_seq'::regclass);

ALTER TABLE ONLY roles ALTER COLUMN id SET DEFAULT nextval('roles_id_seq'::regclass);

ALTER TABLE ONLY scorer_permissions ALTER COLUMN id SET DEFAULT nextval('scorer_permissions_id_seq'::regclass);

ALTER TABLE ONLY user_role_assignments ALTER COLUMN id SET DEFAULT nextval('user_role_assignments_id_seq'::regclass);

ALTER TABLE ONLY users ALTER COLUMN id SET DEFAULT nextval('users_id_seq'::regclass);

ALTER TABLE ONLY alembic_version_auth
    ADD CONSTRAINT alembic_version_auth_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY experiment_permissions
    ADD CONSTRAINT experiment_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY gateway_endpoint_permissions
    ADD CONSTRAINT gateway_endpoint_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY gateway_model_definition_permissions
    ADD CONSTRAINT gateway_model_definition_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY gateway_secret_permissions
    ADD CONSTRAINT gateway_secret_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY registered_model_permissions
    ADD CONSTRAINT registered_model_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY role_permissions
    ADD CONSTRAINT role_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY roles
    ADD CONSTRAINT roles_pkey PRIMARY KEY (id);

ALTER TABLE ONLY scorer_permissions
    ADD CONSTRAINT scorer_permissions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY gateway_endpoint_permissions
    ADD CONSTRAINT unique_endpoint_user UNIQUE (endpoint_id, user_id);

ALTER TABLE ONLY experiment_permissions
    ADD CONSTRAINT unique_experiment_user UNIQUE (experiment_id, user_id);

ALTER TABLE ONLY gateway_model_definition_permissions
    ADD CONSTRAINT unique_model_def_user UNIQUE (model_definition_id, user_id);

ALTER TABLE ONLY role_permissions
    ADD CONSTRAINT unique_role_resource_perm UNIQUE (role_id, resource_type, resource_pattern);

ALTER TABLE ONLY scorer_permissions
    ADD CONSTRAINT unique_scorer_user UNIQUE (experiment_id, scorer_name, user_id);

ALTER TABLE ONLY gateway_secret_permissions
    ADD CONSTRAINT unique_secret_user UNIQUE (secret_id, user_id);

ALTER TABLE ONLY user_role_assignments
    ADD CONSTRAINT unique_user_role UNIQUE (user_id, role_id);

ALTER TABLE ONLY registered_model_permissions
    ADD CONSTRAINT unique_workspace_name_user UNIQUE (workspace, name, user_id);

ALTER TABLE ONLY roles
    ADD CONSTRAINT unique_workspace_role_name UNIQUE (workspace, name);

ALTER TABLE ONLY user_role_assignments
    ADD CONSTRAINT user_role_assignments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY users
    ADD CONSTRAINT users_username_key UNIQUE (username);

ALTER TABLE ONLY workspace_permissions
    ADD CONSTRAINT workspace_permissions_pk PRIMARY KEY (workspace, user_id);

CREATE INDEX idx_role_permissions_role_id ON role_permissions USING btree (role_id);

CREATE INDEX idx_roles_workspace ON roles USING btree (workspace);

CREATE INDEX idx_user_role_assignments_role_id ON user_role_assignments USING btree (role_id);

CREATE INDEX idx_user_role_assignments_user_id ON user_role_assignments USING btree (user_id);

CREATE INDEX idx_workspace_permissions_user_id ON workspace_permissions USING btree (user_id);

CREATE INDEX idx_workspace_permissions_workspace ON workspace_permissions USING btree (workspace);

ALTER TABLE ONLY gateway_endpoint_permissions
    ADD CONSTRAINT fk_gateway_endpoint_perm_user_id FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY gateway_model_definition_permissions
    ADD CONSTRAINT fk_gateway_model_def_perm_user_id FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY gateway_secret_permissions
    ADD CONSTRAINT fk_gateway_secret_perm_user_id FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY scorer_permissions
    ADD CONSTRAINT fk_scorer_perm_user_id FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY experiment_permissions
    ADD CONSTRAINT fk_user_id FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY registered_model_permissions
    ADD CONSTRAINT fk_user_id FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY role_permissions
    ADD CONSTRAINT role_permissions_role_id_fkey FOREIGN KEY (role_id) REFERENCES roles(id);

ALTER TABLE ONLY user_role_assignments
    ADD CONSTRAINT user_role_assignments_role_id_fkey FOREIGN KEY (role_id) REFERENCES roles(id);

ALTER TABLE ONLY user_role_assignments
    ADD CONSTRAINT user_role_assignments_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);

ALTER TABLE ONLY workspace_permissions
    ADD CONSTRAINT workspace_permissions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);
