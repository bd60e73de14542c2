/** Conversation values shared by planning and compaction. */
package dev.osprey.context.conversation;
