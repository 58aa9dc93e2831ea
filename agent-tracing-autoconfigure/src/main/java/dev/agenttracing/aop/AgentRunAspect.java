package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.annotation.AgentRun;

/**
 * Traces methods annotated with {@link AgentRun} (or public methods of an annotated type)
 * through {@link AgentTracer#agentRun}: a Spring AOP advisor with a plain method interceptor
 * (see {@link TracingAdvisor}). The annotation is resolved once per method and bean class.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class AgentRunAspect extends TracingAdvisor<AgentRunAspect.AgentMethod> {

	private static final AgentRunSpec UNTRACED = AgentRunSpec.named("untraced");

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public AgentRunAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors (which
	 * creates aspects early) does not create the tracer and its configuration too.
	 * @param agentTracer supplies the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public AgentRunAspect(Supplier<AgentTracer> agentTracer, int order) {
		super(agentTracer, order, AgentRun.class, true);
	}

	@Override
	AgentMethod resolve(Method method, Class<?> targetClass) {
		return new AgentMethod(createSpec(method, targetClass), parameterNamesOf(method));
	}

	@Override
	@Nullable Object trace(MethodInvocation invocation, AgentMethod agent, AgentTracer agentTracer) throws Throwable {
		if (agent.spec() == UNTRACED) {
			return invocation.proceed();
		}
		return agentTracer.agentRun(agent.spec(), agent.input(invocation.getArguments()), invocation::proceed);
	}

	private static AgentRunSpec createSpec(Method method, Class<?> targetClass) {
		Method specificMethod = ClassUtils.getMostSpecificMethod(method, targetClass);
		if (specificMethod.getDeclaringClass() == Object.class) {
			return UNTRACED;
		}
		AgentRun annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, AgentRun.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, AgentRun.class);
		}
		if (annotation == null) {
			return UNTRACED;
		}
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : targetClass.getSimpleName();
		return AgentRunSpec.named(name)
			.description(emptyToNull(annotation.description()))
			.id(emptyToNull(annotation.id()))
			.version(emptyToNull(annotation.version()))
			.provider(emptyToNull(annotation.provider()))
			.content(annotation.content());
	}

	/**
	 * An {@link AgentRun} method's spec and parameter names.
	 */
	record AgentMethod(AgentRunSpec spec, String[] parameterNames) {

		// The input is the only argument itself, or all of them by parameter name.
		@Nullable Object input(@Nullable Object[] args) {
			if (args.length == 0) {
				return null;
			}
			return (args.length == 1) ? args[0] : new ArgumentMap(this.parameterNames, args, -1);
		}

	}

}
