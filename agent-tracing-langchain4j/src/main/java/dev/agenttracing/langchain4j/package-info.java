/**
 * Traces LangChain4j with no code: AI service calls as agent runs, chat model calls and
 * tool executions, through LangChain4j's own listener and extension points.
 */
@NullMarked
package dev.agenttracing.langchain4j;

import org.jspecify.annotations.NullMarked;
