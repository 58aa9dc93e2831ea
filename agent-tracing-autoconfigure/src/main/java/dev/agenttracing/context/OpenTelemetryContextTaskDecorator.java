package dev.agenttracing.context;

import io.opentelemetry.context.Context;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;

/**
 * A {@link TaskDecorator} that runs each task in the OpenTelemetry {@link Context} that
 * was current when the task was submitted. A tool that an agent run hands to an executor
 * thus has the run's span as parent, and sees everything else the context holds (the run
 * itself, the run context, baggage).
 * <p>
 * Spring Boot applies every {@code TaskDecorator} bean to the executors and schedulers it
 * builds, composed in order, the first one innermost. This decorator is ordered first, so
 * its context is the one current when the task runs, also when another decorator (such as
 * Boot's {@code ContextPropagatingTaskDecorator}) restores an observation around it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class OpenTelemetryContextTaskDecorator implements TaskDecorator, Ordered {

	@Override
	public Runnable decorate(Runnable runnable) {
		return Context.current().wrap(runnable);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
