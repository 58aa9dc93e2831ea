/**
 * Content recording: values serialized to JSON, redacted, shaped as GenAI messages and
 * kept within a size budget before they become span attributes.
 */
@NullMarked
package dev.agenttracing.content;

import org.jspecify.annotations.NullMarked;
