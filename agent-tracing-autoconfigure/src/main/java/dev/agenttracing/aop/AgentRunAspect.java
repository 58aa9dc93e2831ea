package dev.agenttracing.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.support.TracingFaults;
import dev.agenttracing.annotation.AgentRun;

/**
 * Traces methods annotated with {@link AgentRun} (or public methods of an annotated type)
 * through {@link AgentTracer#agentRun}: a Spring AOP advisor with a plain method
 * interceptor (see {@link TracingAdvisor}). The annotation and its conversation id
 * expression are resolved once per method and bean class.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public class AgentRunAspect extends TracingAdvisor<AgentRunAspect.AgentMethod> {

	private static final AgentMethod UNTRACED = new AgentMethod(AgentRunSpec.named("untraced"), new String[0], null);

	/**
	 * Create an aspect that traces through the given tracer.
	 * @param agentTracer the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public AgentRunAspect(AgentTracer agentTracer, int order) {
		this(() -> agentTracer, order);
	}

	/**
	 * Create an aspect that looks its tracer up on first use, so that sorting advisors
	 * (which creates aspects early) does not create the tracer and its configuration too.
	 * @param agentTracer supplies the tracer
	 * @param order the aspect's order among other advice on the same method
	 */
	public AgentRunAspect(Supplier<AgentTracer> agentTracer, int order) {
		super(agentTracer, order, AgentRun.class, true);
	}

	@Override
	AgentMethod resolve(Method method, Class<?> targetClass) {
		Method specificMethod = ClassUtils.getMostSpecificMethod(method, targetClass);
		AgentRun annotation = findAnnotation(specificMethod, targetClass);
		if (annotation == null) {
			return UNTRACED;
		}
		String[] parameterNames = parameterNamesOf(method);
		ParameterExpression conversationId = null;
		if (StringUtils.hasText(annotation.conversationId())) {
			try {
				conversationId = conversationIdOf(specificMethod, annotation, parameterNames);
			}
			catch (InvalidTracingExpressionException ex) {
				// Normally caught at startup; a bean created before that check is traced
				// without it.
				TracingFaults.notice("conversation-id|" + specificMethod,
						ex.getMessage() + "; the run is traced without a conversation id");
			}
		}
		return new AgentMethod(createSpec(annotation, targetClass), parameterNames, conversationId);
	}

	@Override
	@Nullable Object trace(MethodInvocation invocation, AgentMethod agent, AgentTracer agentTracer) throws Throwable {
		if (agent == UNTRACED) {
			return invocation.proceed();
		}
		Object[] args = invocation.getArguments();
		return agentTracer.agentRun(agent.spec(args), agent.input(args), proceeding(invocation));
	}

	static ParameterExpression conversationIdOf(Method method, AgentRun annotation, String[] parameterNames) {
		return ParameterExpression.parse("AgentRun", "conversationId", method, annotation.conversationId(),
				parameterNames);
	}

	/**
	 * The {@link AgentRun} that applies to a method: its own, else its type's when the
	 * method is public.
	 * @param specificMethod the method on the target class
	 * @param targetClass the target class
	 * @return the annotation, or {@code null} when the method is not an agent run
	 */
	static @Nullable AgentRun findAnnotation(Method specificMethod, Class<?> targetClass) {
		if (specificMethod.getDeclaringClass() == Object.class) {
			return null;
		}
		AgentRun annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, AgentRun.class);
		if (annotation == null && Modifier.isPublic(specificMethod.getModifiers())) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, AgentRun.class);
		}
		return annotation;
	}

	private static AgentRunSpec createSpec(AgentRun annotation, Class<?> targetClass) {
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : targetClass.getSimpleName();
		return AgentRunSpec.named(name)
			.description(emptyToNull(annotation.description()))
			.id(emptyToNull(annotation.id()))
			.version(emptyToNull(annotation.version()))
			.provider(emptyToNull(annotation.provider()))
			.content(annotation.content());
	}

	/**
	 * An {@link AgentRun} method's spec, parameter names and conversation id expression.
	 */
	record AgentMethod(AgentRunSpec spec, String[] parameterNames, @Nullable ParameterExpression conversationId) {

		AgentRunSpec spec(@Nullable Object[] args) {
			return (this.conversationId != null) ? this.spec.conversationId(this.conversationId.evaluate(args))
					: this.spec;
		}

		// The input is the only argument itself, or all of them by parameter name.
		@Nullable Object input(@Nullable Object[] args) {
			if (args.length == 0) {
				return null;
			}
			return (args.length == 1) ? args[0] : new ArgumentMap(this.parameterNames, args, -1);
		}

	}

}
