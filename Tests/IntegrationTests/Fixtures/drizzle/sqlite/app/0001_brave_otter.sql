CREATE TRIGGER `posts_touch` AFTER UPDATE OF `title` ON `posts` BEGIN
	UPDATE `posts` SET `updated_at` = 1700000000 WHERE `id` = NEW.`id`;
	INSERT INTO `post_log` (`post_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
INSERT INTO `posts` (`title`) VALUES ('first'), ('second');
--> statement-breakpoint
UPDATE `posts` SET `title` = 'first, edited' WHERE `id` = 1;
-- seedctl:down
DROP TRIGGER `posts_touch`;
DELETE FROM `post_log`;
DELETE FROM `posts`;
DELETE FROM `sqlite_sequence`;
