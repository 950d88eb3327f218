-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL, `name` text NOT NULL, PRIMARY KEY (`id`));
-- Create "cars" table
CREATE TABLE `cars` (`id` integer NOT NULL, `user_id` integer NULL, `model` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `cars_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "cars_user_id" to table: "cars"
CREATE INDEX `cars_user_id` ON `cars` (`user_id`);
INSERT INTO `users` (`id`, `name`) VALUES (1, 'ada'), (2, 'grace');
INSERT INTO `cars` (`id`, `user_id`, `model`) VALUES (10, 1, 'roadster'), (11, 2, 'van'), (12, 2, 'coupe');
-- seedctl:down
DROP TABLE `cars`;
DROP TABLE `users`;
