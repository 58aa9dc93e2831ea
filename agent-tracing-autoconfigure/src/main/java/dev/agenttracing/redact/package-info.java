/**
 * Redaction of recorded content and exception messages: built-in detectors, custom rules,
 * sensitive keys and the {@link dev.agenttracing.redact.ContentRedactor} SPI.
 */
@NullMarked
package dev.agenttracing.redact;

import org.jspecify.annotations.NullMarked;
