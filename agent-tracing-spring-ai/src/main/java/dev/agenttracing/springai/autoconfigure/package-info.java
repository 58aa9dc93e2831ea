/**
 * Auto-configuration of the Spring AI integration.
 */
@NullMarked
package dev.agenttracing.springai.autoconfigure;

import org.jspecify.annotations.NullMarked;
