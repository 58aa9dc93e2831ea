package dev.agenttracing.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code agent.tracing.enabled} is {@code false}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnBooleanProperty(name = AgentTracingProperties.PREFIX + ".enabled", matchIfMissing = true)
public @interface ConditionalOnAgentTracingEnabled {

}
