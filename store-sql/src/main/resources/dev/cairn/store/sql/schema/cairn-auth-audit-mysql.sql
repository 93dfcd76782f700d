-- Cairn's audit log of user and permission changes, beside MLflow's auth tables (MLflow ignores tables it does not
-- know). Created if missing whenever the auth schema is at MLflow's head, so a database MLflow made gets it too.
-- Every object's name starts with cairn_ so that it is told apart from MLflow's.
CREATE TABLE IF NOT EXISTS `cairn_auth_audit` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `timestamp` bigint NOT NULL,
  `actor` varchar(255) NOT NULL,
  `action` varchar(64) NOT NULL,
  `target_user` varchar(255) DEFAULT NULL,
  `role_id` int(11) DEFAULT NULL,
  `resource_type` varchar(64) DEFAULT NULL,
  `resource_id` varchar(255) DEFAULT NULL,
  `permission` varchar(32) DEFAULT NULL,
  `detail` varchar(1024) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
