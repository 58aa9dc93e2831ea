/**
 * A console view of finished agent runs, for local work.
 */
@NullMarked
package dev.agenttracing.export.log;

import org.jspecify.annotations.NullMarked;
