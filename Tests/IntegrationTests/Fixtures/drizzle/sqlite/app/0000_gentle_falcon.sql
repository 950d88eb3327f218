CREATE TABLE `posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `post_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`note` text DEFAULT 'changed; again' NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_log_post_id_idx` ON `post_log` (`post_id`);
-- seedctl:down
DROP TABLE `post_log`;
DROP TABLE `posts`;
