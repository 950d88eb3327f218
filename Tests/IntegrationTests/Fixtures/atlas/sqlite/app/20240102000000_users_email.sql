-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_users" table
CREATE TABLE `new_users` (`id` integer NOT NULL, `name` text NOT NULL, `email` text NOT NULL DEFAULT '', PRIMARY KEY (`id`));
-- Copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `name`) SELECT `id`, `name` FROM `users`;
-- Drop "users" table after copying rows
DROP TABLE `users`;
-- Rename temporary table "new_users" to "users"
ALTER TABLE `new_users` RENAME TO `users`;
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- seedctl:down
PRAGMA foreign_keys = off;
CREATE TABLE `old_users` (`id` integer NOT NULL, `name` text NOT NULL, PRIMARY KEY (`id`));
INSERT INTO `old_users` (`id`, `name`) SELECT `id`, `name` FROM `users`;
DROP TABLE `users`;
ALTER TABLE `old_users` RENAME TO `users`;
PRAGMA foreign_keys = on;
