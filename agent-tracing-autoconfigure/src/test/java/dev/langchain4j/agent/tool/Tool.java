package dev.langchain4j.agent.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stands in for LangChain4j's {@code @Tool} (same type name) in the core's tests, which
 * have no LangChain4j on the class path: the pointcut recognizes it by name. The
 * LangChain4j module's tests use the real one.
 *
 * @author agent-tracing
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {

}
