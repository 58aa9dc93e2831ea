/**
 * Adapters to other projects' non-public API, one class each, used only where no public API
 * serves. Each has a test that fails when the API it adapts changes.
 */
@NullMarked
package dev.agenttracing.internal;

import org.jspecify.annotations.NullMarked;
