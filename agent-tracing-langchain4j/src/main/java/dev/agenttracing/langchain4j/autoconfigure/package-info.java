/**
 * Auto-configuration of the LangChain4j integration.
 */
@NullMarked
package dev.agenttracing.langchain4j.autoconfigure;

import org.jspecify.annotations.NullMarked;
