/** Running a request's independent steps beside each other. */
package dev.osprey.context.concurrent;
