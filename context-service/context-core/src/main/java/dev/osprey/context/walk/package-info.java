/** Reading a local directory for indexing: {@link dev.osprey.context.walk.AllowedRoots} decides which directories may
 * be read; {@link dev.osprey.context.walk.DirectoryWalker} keeps to the root and off special filesystems, skips
 * {@code .git}, binary and oversized files and honours {@code .gitignore} files. */
package dev.osprey.context.walk;
